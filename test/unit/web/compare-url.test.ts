/**
 * The Compare view's link (web/views/compare-url.ts): ids survive the round trip whatever their
 * characters, and every link that cannot be compared is named with what to compare instead.
 */
import { describe, expect, it } from 'vitest';
import { checkCompareIds, compareHref, idsFromQuery, MAX_COMPARE } from '../../../web/views/compare-url.ts';

const query = (href: string) => href.split('?', 2)[1]!;

describe('compare links', () => {
  it('round-trips ids, commas and non-ASCII included', () => {
    const ids = ['CartPole-v1__cleanrl__1__1732312275', 'pretrained~CartPole-v1', 'odd,id with spaces/ü'];
    const href = compareHref(ids);
    expect(href).toBe('#/compare?runs=CartPole-v1__cleanrl__1__1732312275,pretrained~CartPole-v1,odd%2Cid%20with%20spaces%2F%C3%BC');
    expect(idsFromQuery(query(href))).toEqual(ids);
  });

  it('reads hand-typed links: other parameters, stray commas and blanks, a stray %', () => {
    expect(idsFromQuery('x=1&runs=a,,b,&y=2')).toEqual(['a', 'b']);
    expect(idsFromQuery('runs= a , b')).toEqual(['a', 'b']);
    expect(idsFromQuery('runs=100%,b')).toEqual(['100%', 'b']);
    expect(idsFromQuery('runs=')).toEqual([]);
    expect(idsFromQuery('runs')).toEqual([]);
    expect(idsFromQuery('')).toBeNull();
    expect(idsFromQuery('myruns=a,b')).toBeNull();
  });

  it('accepts 2 to 8 distinct ids', () => {
    expect(checkCompareIds(['a', 'b'])).toBeNull();
    expect(checkCompareIds(Array.from({ length: MAX_COMPARE }, (_, i) => `r${i}`))).toBeNull();
    expect(MAX_COMPARE).toBe(8);
  });

  it('names what is wrong with any other link, and what to compare instead', () => {
    expect(checkCompareIds(null)).toMatchObject({ title: 'This link names no runs to compare.', instead: null });
    expect(checkCompareIds([])).toMatchObject({ title: 'This link names no runs to compare.', instead: null });
    expect(checkCompareIds(['a'])).toEqual({ title: 'This link names only one run, “a”.', detail: expect.any(String), instead: null, single: 'a' });
    expect(checkCompareIds(['a', 'b', 'a', 'c', 'b'])).toEqual({ title: 'This link names runs more than once: “a”, “b”.', detail: expect.any(String), instead: ['a', 'b', 'c'] });
    expect(checkCompareIds(['a', 'a'])).toMatchObject({ title: 'This link names a run more than once: “a”.', instead: null, single: 'a' });
    const nine = Array.from({ length: 9 }, (_, i) => `r${i}`);
    expect(checkCompareIds(nine)).toMatchObject({ title: 'This link names 9 runs; at most 8 can be compared at once.', instead: nine.slice(0, 8) });
    // Repeats are named first; the runs offered instead are distinct and at most 8.
    expect(checkCompareIds([...nine, 'r0'])).toMatchObject({ title: 'This link names a run more than once: “r0”.', instead: nine.slice(0, 8) });
  });
});
