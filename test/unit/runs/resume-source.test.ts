/**
 * Which code trained which steps of a resumed run: config.json's `resumedSources` records a resume
 * only where its qlens code differs from the code before it, and a resume that trained nothing
 * (a second one from the same checkpoint) gives way to the next.
 */
import { describe, expect, it } from 'vitest';
import { withResumeSource } from '../../../src/runs/resume-source.ts';

const A = { commit: 'a'.repeat(40), dirty: false };
const B = { commit: 'b'.repeat(40), dirty: false };

describe('withResumeSource', () => {
  it('records nothing for a resume by the code the run started with, and returns the same array', () => {
    expect(withResumeSource({ source: A }, 500, A)).toBeUndefined();
    const recorded = [{ atStep: 500, ...B }];
    expect(withResumeSource({ source: A, resumedSources: recorded }, 900, B)).toBe(recorded);
  });

  it('records another commit, uncommitted changes, or no checkout, from the checkpoint’s step on', () => {
    expect(withResumeSource({ source: A }, 500, B)).toEqual([{ atStep: 500, ...B }]);
    expect(withResumeSource({ source: A }, 500, { ...A, dirty: true })).toEqual([{ atStep: 500, commit: A.commit, dirty: true }]);
    expect(withResumeSource({ source: A }, 500, undefined)).toEqual([{ atStep: 500, commit: null, dirty: false }]);
    // A run that started outside a checkout and resumes in one.
    expect(withResumeSource({}, 300, A)).toEqual([{ atStep: 300, ...A }]);
    expect(withResumeSource({}, 300, undefined)).toBeUndefined();
  });

  it('lets a resume from the same checkpoint replace the one before, which trained nothing', () => {
    expect(withResumeSource({ source: A, resumedSources: [{ atStep: 500, ...B }] }, 500, A)).toBeUndefined();
    const twice = [{ atStep: 500, ...B }, { atStep: 900, commit: null, dirty: false }];
    expect(withResumeSource({ source: A, resumedSources: twice }, 900, B)).toEqual([{ atStep: 500, ...B }]);
    expect(withResumeSource({ source: A, resumedSources: [{ atStep: 500, ...B }] }, 900, A)).toEqual([{ atStep: 500, ...B }, { atStep: 900, ...A }]);
  });
});
