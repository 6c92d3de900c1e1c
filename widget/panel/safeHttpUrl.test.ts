import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from './safeHttpUrl.ts';

describe('safeHttpUrl', () => {
  it('keeps http and https links', () => {
    expect(safeHttpUrl('https://app.omnisend.com/contacts/1')).toBe('https://app.omnisend.com/contacts/1');
    expect(safeHttpUrl('http://example.com/a?b=c')).toBe('http://example.com/a?b=c');
  });

  it('drops script, data and unparseable links', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeHttpUrl('/relative/path')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});
