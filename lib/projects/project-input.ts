import { z } from "zod";

const projectNameSchema = z.string().trim().min(1, "Enter a project name.").max(80, "Use at most 80 characters.");
export const projectInput = z.object({ name: projectNameSchema });
export type ProjectInput = z.infer<typeof projectInput>;
