/**
 * The entry module of the cohort screen's worker threads (`cohort screen --workers`): a module of its own
 * so that the bundled executable ships it as dist/screen-worker.js beside dist/main.js.
 */
import { runScreenWorker } from "@hemosentinel/cohort";

runScreenWorker();
