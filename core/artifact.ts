/**
 * Generated files as the executors produce them and the file writer stores them.
 *
 * @module
 */
import { z } from "zod";

/** One generated file; `path` is relative to the job's output folder, `/`-separated. */
export const GeneratedFileSchema = z.object({
  path: z.string().min(1).max(300),
  content: z.string().max(1_000_000),
});

/** One generated file. */
export type GeneratedFile = z.infer<typeof GeneratedFileSchema>;
