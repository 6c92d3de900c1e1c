import { describe, expect, it } from 'vitest';
import { dictionaryLeaves } from '../../../test/support/dictionaryLeaves.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { optionsText } from './optionsText.ts';
import { pt } from './pt.ts';

describe('optionsText', () => {
  it('follows the browser’s language for es and pt, in any region, and English otherwise', () => {
    expect(optionsText('es-419')).toMatchObject({ language: 'es', text: { options: { save: 'Guardar' } } });
    expect(optionsText('pt-BR')).toMatchObject({ language: 'pt', text: { options: { save: 'Salvar' } } });
    expect(optionsText('en-GB')).toMatchObject({ language: 'en', text: { options: { save: 'Save' } } });
    expect(optionsText('fr-FR').language).toBe('en');
    expect(optionsText('').language).toBe('en');
  });

  it('gives es and pt every English text, the connection words included, each filled and translated', () => {
    const english = dictionaryLeaves(en);
    for (const translation of [es, pt]) {
      const translated = dictionaryLeaves(translation);
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      expect([...translated.keys()]).toContain('problem.token_revoked.title');
      for (const [key, value] of translated) {
        expect(value.trim(), key).not.toBe('');
        expect(value, `${key} is still English`).not.toBe(english.get(key));
      }
    }
  });
});
