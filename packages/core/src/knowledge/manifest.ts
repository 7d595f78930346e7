/** The knowledge manifest (manifest.yaml): the knowledge version and the disorders' evaluation order. */
import { z } from "zod";

export const Manifest = z
  .object({ version: z.string().regex(/^\d{4}\.\d+\.\d+$/), disorders: z.array(z.string()).min(1) })
  .strict();
export type Manifest = z.infer<typeof Manifest>;
