/** Whether a URL (raw or percent-encoded) or a text holds a NUL byte, which no text column can store. */
export const hasNulByte = (text: string): boolean => text.includes("\0") || /%00/i.test(text);
