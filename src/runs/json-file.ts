/**
 * Reading the JSON artefacts of a run. Each carries `format` and `version`; anything else (missing,
 * truncated, foreign, from a newer qlens) becomes a `FileFormatError` that names the file.
 */
import type { z } from 'zod';
import { valueAt } from '../core/config.ts';
import { FileFormatError, jsonErrorText } from '../core/errors.ts';
import { readFileNamed } from '../core/read-file.ts';

/** Parses `path` as JSON, with the file named in every failure. */
export function readJsonFile(path: string): unknown {
  const text = readFileNamed(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FileFormatError(path, `not valid JSON (${jsonErrorText(err)})`);
  }
}

/**
 * Checks the `format`/`version` tag, then the shape with `schema`. The first problem is reported
 * with its JSON path, e.g. `run.json: weights[2].shape: expected array`.
 */
export function parseTaggedJson<S extends z.ZodType>(path: string, json: unknown, format: string, version: number, schema: S): z.output<S> {
  const tag = json as { format?: unknown; version?: unknown } | null;
  if (!tag || typeof tag !== 'object' || tag.format !== format) {
    const found = tag && typeof tag === 'object' && 'format' in tag ? JSON.stringify(tag.format) : 'no format tag';
    throw new FileFormatError(path, `not a ${format} file (found ${found})`);
  }
  if (tag.version !== version) {
    throw new FileFormatError(path, `${format} version ${JSON.stringify(tag.version)} is not supported (expected ${version})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    throw new FileFormatError(path, `${where}${issueText(issue, json, schema)}`);
  }
  return result.data;
}

/** zod's wording where it reads as a person would say it: "required (a string)", "unknown field "colour" (allowed: …)". */
function issueText(issue: z.core.$ZodIssue, json: unknown, schema: z.ZodType): string {
  if (issue.code === 'invalid_type' && valueAt(json, issue.path) === undefined) return `required (${issue.expected})`;
  if (issue.code === 'unrecognized_keys') {
    const shape = issue.path.length === 0 && 'shape' in schema ? Object.keys(schema.shape as object) : null;
    return `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}${shape ? ` (allowed: ${shape.join(', ')})` : ''}`;
  }
  return issue.message;
}

/** `readJsonFile` followed by `parseTaggedJson`. */
export function readTaggedJson<S extends z.ZodType>(path: string, format: string, version: number, schema: S): z.output<S> {
  return parseTaggedJson(path, readJsonFile(path), format, version, schema);
}
