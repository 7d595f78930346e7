/** The entry module of a screen worker thread (./screen-pool.ts). */
import { runScreenWorker } from "./screen-pool.js";

runScreenWorker();
