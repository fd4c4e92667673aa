import { describe, expect, it } from 'vitest';
import { createTemplateEngine, cssString, TemplateError, trusted } from './templating.ts';

const engine = createTemplateEngine();

const hostile = {
  title: '<script>alert(1)</script>',
  attr: '"><img src=x onerror=alert(1)>',
  style: '</style><script>alert(2)</script>',
  single: "' onmouseover='alert(3)",
};

describe('templating sandbox', () => {
  it('escapes content in text, attributes and raw-filtered output', async () => {
    const html = await engine.render(
      '<h1 title="{{ c.attr }}">{{ c.title }}</h1><p class=\'{{ c.single }}\'>{{ c.style }}</p>{{ c.title | raw }}{{ c.attr | upcase }}',
      { c: hostile },
    );
    expect(html).not.toMatch(/<script|<img|<\/style/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('title="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).toContain("class='&#39; onmouseover=&#39;alert(3)'");
    expect(html).toContain('&#34;&gt;&lt;IMG SRC=X ONERROR=ALERT(1)&gt;');
  });

  it('passes only code-made TrustedHtml through raw', async () => {
    const html = await engine.render('{{ svg | raw }}|{{ svg }}', { svg: trusted('<svg><rect/></svg>') });
    expect(html).toBe('<svg><rect/></svg>|&lt;svg&gt;&lt;rect/&gt;&lt;/svg&gt;');
  });

  it('escapes text for CSS strings so </style> cannot close the style element', async () => {
    const html = await engine.render(
      '<style>@page { @top-left { content: "{{ c.style | css_string }}"; } }</style>',
      {
        c: hostile,
      },
    );
    expect(html).toBe(`<style>@page { @top-left { content: "${cssString(hostile.style)}"; } }</style>`);
    expect(cssString('a"<b')).toBe('a\\22 \\3c b');
    expect(html.match(/<\/?style/g)).toHaveLength(2);
  });

  it('has no file system beyond the built-in templates', async () => {
    for (const source of [
      "{% include '/etc/passwd' %}",
      "{% render '../../package.json' %}",
      "{% include '../package.json' %}",
      "{% layout '/etc/hostname' %}x",
    ]) {
      await expect(engine.render(source, {}), source).rejects.toBeInstanceOf(TemplateError);
    }
    const toc = await engine.render("{% render 'base/components/toc', toc: t, toc_pages: p %}", {
      t: [{ id: 'a', number: '01', title: '<b>A</b>' }],
      p: { a: 4 },
    });
    expect(toc).toContain('data-toc-for="a">4<');
    expect(toc).toContain('&lt;b&gt;A&lt;/b&gt;');
  });

  it('reads only own properties, rejects unknown filters and enforces limits', async () => {
    expect(await engine.render('[{{ c.constructor }}{{ c.__proto__ }}{{ c.toString }}]', { c: {} })).toBe(
      '[]',
    );
    await expect(engine.render('{{ x | shell }}', { x: 1 })).rejects.toThrow(/undefined filter/);
    expect(engine.check('{% if %}')).toBeTruthy();
    expect(engine.check('{{ a | escape }}')).toBeUndefined();

    const small = createTemplateEngine({ maxTemplateChars: 100, maxOutputChars: 1000, renderTimeoutMs: 200 });
    await expect(small.render('x'.repeat(101), {})).rejects.toThrow(/exceeds 100/);
    await expect(small.render('{% for i in (1..100) %}0123456789{% endfor %}!', {})).rejects.toThrow(
      /exceeds 1000/,
    );
    await expect(
      small.render('{% for i in (1..100000000) %}{% for j in (1..10) %}{% endfor %}{% endfor %}', {}),
    ).rejects.toBeInstanceOf(TemplateError);
  });
});
