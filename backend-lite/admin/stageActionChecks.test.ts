import { describe, expect, it } from 'vitest';
import { actionProblemInEnglish, eventNameProblem, stageActionProblems, tagsProblem } from './stageActionChecks.ts';

describe('stage action checks', () => {
  it('takes lower_snake_case Customer.io event names up to 100 bytes', () => {
    expect(eventNameProblem('demo_scheduled')).toBeNull();
    expect(eventNameProblem('a'.repeat(100))).toBeNull();
    expect(eventNameProblem('a'.repeat(101))).toEqual({ kind: 'event-too-long', max: 100, length: 101 });
    for (const name of ['Demo scheduled', 'demo-scheduled', 'DemoScheduled', '1st_demo', '_demo', 'demo scheduled', 'démo']) {
      expect(eventNameProblem(name), name).toEqual({ kind: 'event-not-snake-case' });
    }
  });

  it('takes up to 100 Omnisend tags, with no placeholder but {plan} and {source}', () => {
    expect(tagsProblem(['customer', 'plan_{plan}', 'source_{source}', 'source: shopify'])).toBeNull();
    expect(tagsProblem(Array.from({ length: 101 }, (_, i) => `t${i}`))).toEqual({ kind: 'too-many-tags', max: 100, count: 101 });
    expect(tagsProblem(['customer', 'tier_{tier}'])).toEqual({ kind: 'unknown-placeholder', tag: 'tier_{tier}', placeholder: 'tier' });
  });

  it('names each problem by its setting’s path, in words for the save’s refusal', () => {
    const found = stageActionProblems({
      omnisend: { on: { won: { addTags: ['plan_{Plan}'], removeTags: [] } } },
      customerio: { on: { won: { event: 'deal_won' }, demo: { event: 'Demo booked' } } },
    });
    expect(found.map(({ path, problem }) => [path, actionProblemInEnglish(problem)])).toEqual([
      ['omnisend.on.won.addTags', '"{Plan}" in the tag "plan_{Plan}" would reach Omnisend as typed: only {plan} and {source} are filled in.'],
      ['customerio.on.demo.event', 'Event names are lower_snake_case: lower-case letters, digits and "_", starting with a letter (e.g. demo_scheduled).'],
    ]);
  });
});
