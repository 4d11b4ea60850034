import { z } from "zod";

/** Form pieces shared by every schema; messages are catalog keys, translated where they are shown. */
export const optionalText = (max: number) => z.string().trim().max(max, { message: "form.tooLong" }).default("");

/** A wall-clock "YYYY-MM-DDTHH:mm" from a datetime-local field; the model reads it in the event's zone. */
export const wallClock = () => z.string({ message: "form.required" }).min(1, { message: "form.required" });
