import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../pdf/browser.ts';
import { publishProblems, syntaxProblems } from './admin-template-check.ts';

afterAll(() => closeBrowser());

/** The base document's cover, summary and sections, but no conclusion and no sources page. */
const WITHOUT_CONCLUSION_AND_SOURCES = [
  '<!doctype html><html><head><style>{{ styles | raw }}</style>',
  '<style>:root { {% for color in colors %} --{{ color.name }}: {{ color.value }};{% endfor %} }</style></head><body>',
  "{% render 'base/components/cover', doc: doc, agency: agency, client: client, cover: cover %}",
  '<section id="summary"><p>{% render \'base/components/rich\', segments: doc.summary %}</p></section>',
  "{% for section in doc.sections %}{% render 'base/components/section', section: section %}{% endfor %}",
  '</body></html>',
].join('\n');

const template = (html: string, css = '') => ({
  code: 'CUSTOM_01',
  name: 'Custom',
  html_template: html,
  css_template: css,
  supports_statistics: true,
  supports_charts: true,
});

describe('admin template check (offline)', () => {
  it('finds syntax problems without rendering: unclosed tags, unknown filters, CSS that ends its <style>', () => {
    expect(syntaxProblems(template("{% include 'base/document' %}", 'h1 { color: red }'))).toEqual([]);
    expect(syntaxProblems(template('{% if doc.title %}x'))[0]).toMatchObject({
      field: 'html_template',
      check: 'parse',
    });
    expect(syntaxProblems(template('{{ doc.title | shout }}'))[0]).toMatchObject({ check: 'parse' });
    expect(syntaxProblems(template('<p></p>', 'p{}</STYLE ><script>1</script>'))[0]).toMatchObject({
      field: 'css_template',
      check: 'css',
    });
  });

  it('passes a template built on the base document, and names what a bare one leaves out', async () => {
    expect(
      await publishProblems(template("{% include 'base/document' %}", '.cover-title { color: #fff }')),
    ).toEqual([]);
    const bare = await publishProblems(
      template(
        '<html><head><style>{{ styles | raw }}</style></head><body><h1>{{ doc.title }}</h1></body></html>',
      ),
    );
    expect(bare.every((problem) => ['review', 'blocks'].includes(problem.check))).toBe(true);
    expect(bare.map((problem) => problem.code)).toEqual(
      expect.arrayContaining(['missing_section', 'missing_statistic']),
    );
    // A template that declares no statistics is not faulted for showing none.
    const noStats = await publishProblems({
      ...template(
        '<html><head><style>{{ styles | raw }}</style></head><body><h1>{{ doc.title }}</h1></body></html>',
      ),
      supports_statistics: false,
    });
    expect(noStats.map((problem) => problem.code)).not.toContain('missing_statistic');
    // Without the conclusion and the sources page, the required blocks are named.
    const noSources = await publishProblems(template(WITHOUT_CONCLUSION_AND_SOURCES));
    expect(noSources.filter((problem) => problem.check !== 'blocks')).toEqual([]);
    expect(noSources.filter((problem) => problem.check === 'blocks').map((problem) => problem.code)).toEqual([
      'missing_conclusion',
      'missing_source',
      'missing_source',
      'missing_source',
      'missing_source',
      'missing_source',
    ]);
  });
});
