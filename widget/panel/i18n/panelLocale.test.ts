import { describe, expect, it } from 'vitest';
import { dictionaryLeaves } from '../../../test/support/dictionaryLeaves.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { createPanelLocale, panelLanguage } from './panelLocale.ts';
import { pt } from './pt.ts';

const NOW = Date.UTC(2025, 2, 14, 10, 0, 0);
const MINUTE = 60_000;

describe('panelLanguage', () => {
  it('speaks en, es and pt, and English for any other Kommo language', () => {
    expect(panelLanguage('es')).toBe('es');
    expect(panelLanguage('pt')).toBe('pt');
    expect(panelLanguage('pt-BR')).toBe('pt');
    expect(panelLanguage('en')).toBe('en');
    expect(panelLanguage('ru')).toBe('en');
    expect(panelLanguage('')).toBe('en');
  });
});

describe('dictionaries', () => {
  it('give es and pt a non-empty text for every English key', () => {
    const english = dictionaryLeaves(en);
    for (const translation of [es, pt]) {
      const translated = dictionaryLeaves(translation);
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, value] of translated) expect(value.trim(), key).not.toBe('');
    }
  });
});

describe('ago', () => {
  it('says how long ago in the panel language', () => {
    expect(createPanelLocale('en').ago(NOW - 12 * MINUTE, NOW)).toBe('12 min. ago');
    expect(createPanelLocale('es').ago(NOW - 12 * MINUTE, NOW)).toBe('hace 12 min');
    expect(createPanelLocale('pt').ago(NOW - 3 * 60 * MINUTE, NOW)).toBe('há 3 h');
  });

  it('reads a time from a clock slightly ahead as now', () => {
    expect(createPanelLocale('en').ago(NOW + 20_000, NOW)).toBe('now');
  });

  it('moves to days after a day', () => {
    expect(createPanelLocale('en').ago(NOW - 26 * 60 * MINUTE, NOW)).toBe('yesterday');
    expect(createPanelLocale('en').ago(NOW - 5 * 24 * 60 * MINUTE, NOW)).toBe('5 days ago');
  });
});
