/** Queue, job name and job id of the readings import job (no ':' in ids). */
export const READING_IMPORTS_QUEUE = 'reading-imports';
export const READING_IMPORT_JOB = 'reading-import.run';

export interface ReadingImportJobData {
  /** reading_import_jobs.id */
  jobId: string;
}

/** One queue job per import job row: adding it twice adds nothing. */
export const readingImportJobId = (id: string): string => `reading-import-${id}`;
