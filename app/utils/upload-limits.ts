/** Spreadsheet imports accept files up to 2 MiB (MAX_UPLOAD_BYTES on the server); this is how pages say so. */
export const MAX_SIZE_LABEL = "2 MB";
