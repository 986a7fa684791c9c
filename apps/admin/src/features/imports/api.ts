import { api, bodyOf, downloadFile, postForm } from '@anxiao/web-core';
import type { ImportJob } from '../../api/types';

export type ImportKind = Awaited<ReturnType<typeof listImportKinds>>[number];
export type ImportColumn = ImportKind['columns'][number];
export type ImportSummary = NonNullable<ImportJob['summary']>;
export type ImportProblem = NonNullable<ImportJob['problems']>[number];
export type ImportHistoryItem = Awaited<ReturnType<typeof listImports>>[number];

export async function listImportKinds() {
  return (await bodyOf(api.GET('/api/imports/kinds'))).items;
}

export async function listImports(schoolId: string) {
  return (await bodyOf(api.GET('/api/imports', { params: { query: { schoolId } } }))).items;
}

export function getImport(id: string) {
  return bodyOf(api.GET('/api/imports/{id}', { params: { path: { id } } }));
}

export function downloadTemplate(kind: string) {
  return downloadFile(`/api/imports/templates/${encodeURIComponent(kind)}`, undefined, `${kind}.xlsx`);
}

export function downloadProblems(id: string) {
  return downloadFile(`/api/imports/${id}/problems.xlsx`, undefined, 'problems.xlsx');
}

/** Upload a sheet: the server stores it and starts the dry run (nothing is written yet). */
export function startImport(kind: string, schoolId: string, file: File) {
  const form = new FormData();
  // The fields go before the file: the server reads those that precede the file part.
  form.append('kind', kind);
  form.append('schoolId', schoolId);
  form.append('file', file, file.name);
  return postForm<ImportJob>('/api/imports', form);
}

/** Import the valid rows of a finished dry run: a new import, in mode apply. */
export function applyImport(dryRunId: string) {
  return bodyOf(api.POST('/api/imports/{id}/apply', { params: { path: { id: dryRunId } } }));
}

export function isFinished(job: Pick<ImportJob, 'status'>): boolean {
  return job.status === 'done' || job.status === 'failed';
}

/** Rows the apply would take: all but those with problems. */
export function importableRows(summary: ImportSummary): number {
  return summary.rows - summary.invalid;
}
