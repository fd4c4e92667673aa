/**
 * Content edge cases for the template matrix (templates/matrix.test.ts), each built from the sample
 * content (`shared/content/sample-content.ts`) by a small builder and validated with the content
 * schema, so every variant is content the pipeline could legally produce. Builders compose:
 * `stressContent` applies all of them at once.
 */
import {
  CONTENT_LIMITS,
  type DocumentContent,
  parseDocumentContent,
} from '../shared/content/document-content.ts';
import { sampleContent } from '../shared/content/sample-content.ts';

type Builder = (content: DocumentContent) => void;

/** Text cut to a schema limit (appending to sample text must not make it invalid). */
const clip = (text: string, max: number = CONTENT_LIMITS.short) => text.slice(0, max).trim();

/** A 120-letter word: no hyphenation point, no break opportunity. */
export const UNBROKEN_WORD = `Donaudampfschifffahrts${'elektrizitaetenhauptbetriebswerkbauunterbeamten'.repeat(2)}gesellschaft`;
/** A long URL-like token, as research content quotes them. */
const UNBROKEN_TOKEN =
  'https://analytics.example.com/reports/2026/q3/mid-market-ai-adoption-benchmark-final-v12';

/** The longest title the schema accepts, plus unbroken words in every kind of text box. */
const longWords: Builder = (content) => {
  const title = `${UNBROKEN_WORD.slice(0, 60)} and the Extraordinarily Comprehensive Strategic Guide to Implementing Artificial Intelligence Across Every Department of a Mid-Market Organisation Without Losing Sight of Customers, Colleagues, Compliance or the Quarterly Numbers`;
  content.title = title.slice(0, CONTENT_LIMITS.title);
  content.subtitle =
    `How ${UNBROKEN_WORD.slice(0, 50)} forward-thinking companies turn pilots into measurable results, and why most of them take longer than planned to get there`.slice(
      0,
      CONTENT_LIMITS.subtitle,
    );
  content.summary = `${content.summary} Dashboards live at ${UNBROKEN_TOKEN} [1].`;
  content.sections.forEach((section, i) => {
    section.label = `Strategy ${i + 1}: ${UNBROKEN_WORD.slice(0, 40)}`.slice(0, 60);
    section.title = clip(`${section.title}: ${UNBROKEN_WORD.slice(0, 70)}`);
    section.paragraphs.push(`Watch for ${UNBROKEN_WORD} and ${UNBROKEN_TOKEN} in the appendix [2].`);
    if (section.callout) section.callout.content = `${section.callout.content} ${UNBROKEN_WORD}`;
    if (section.subheadings[0]) section.subheadings[0].title = `Quick wins: ${UNBROKEN_WORD.slice(0, 64)}`;
  });
  for (const stat of content.statistics) stat.label = clip(`${stat.label} ${UNBROKEN_WORD.slice(0, 48)}`);
  for (const chart of content.charts) {
    chart.title = clip(`${chart.title} ${UNBROKEN_WORD.slice(0, 40)}`);
    chart.data.labels = chart.data.labels.map((label, i) =>
      i === 0 ? `${UNBROKEN_WORD.slice(0, CONTENT_LIMITS.chartLabel - 4)} ${label.slice(0, 3)}` : label,
    );
  }
  for (const quote of content.quotes)
    quote.text = clip(`${quote.text} ${UNBROKEN_WORD}`, CONTENT_LIMITS.quote);
  for (const table of content.tables) {
    const row = table.rows[0];
    if (row) row[1] = UNBROKEN_WORD;
    table.columns = table.columns.map((column, i) => (i === 2 ? UNBROKEN_WORD.slice(0, 40) : column));
  }
  const source = content.sources[0];
  if (source) source.title = `${source.title} ${UNBROKEN_WORD}`.slice(0, CONTENT_LIMITS.short * 2);
  content.conclusion.title = `${content.conclusion.title}: ${UNBROKEN_WORD.slice(0, 50)}`;
  content.conclusion.cta = `${content.conclusion.cta} ${UNBROKEN_TOKEN}`;
  content.conclusion.key_takeaways.push(`Keep ${UNBROKEN_WORD} in mind.`);
};

const CALLOUT_CYCLE = ['tip', 'warning', 'note', 'example'] as const;

/** `count` sections: the sample's four, then more in the same shape with every callout type. */
function sections(count: number): Builder {
  return (content) => {
    const templates = structuredClone(content.sections);
    for (let i = content.sections.length; i < count; i++) {
      const base = structuredClone(templates[i % templates.length]) as DocumentContent['sections'][number];
      content.sections.push({
        ...base,
        number: i + 1,
        label: `Strategy ${i + 1}:`,
        title: `${base.title} (part ${Math.floor(i / templates.length) + 1})`,
        paragraphs: [...base.paragraphs],
        callout: {
          type: CALLOUT_CYCLE[i % CALLOUT_CYCLE.length] ?? 'note',
          content: `${base.callout?.content ?? 'Keep the scope narrow.'} Review this with the team in week ${i + 1}.`,
        },
        statistic_ids: [],
        chart_ids: [],
        quote_ids: [],
        table_ids: [],
      });
    }
  };
}

/** No statistics, charts, quotes or tables at all (sources stay cited by the running text). */
const bare: Builder = (content) => {
  content.statistics = [];
  content.charts = [];
  content.quotes = [];
  content.tables = [];
  for (const section of content.sections) {
    section.statistic_ids = [];
    section.chart_ids = [];
    section.quote_ids = [];
    section.table_ids = [];
  }
};

/** The schema's maximum of 12 statistics: some placed in sections, the rest on the summary page. */
const twelveStatistics: Builder = (content) => {
  const values = [
    '94%',
    '$3.75 billion',
    '11x',
    '1 in 4',
    '38,500',
    '€2.1M',
    '7.5 weeks',
    '0.3%',
    '2:1',
    '$1,234,567.89',
    '61%',
    '150 days',
  ];
  content.statistics = values.map((value, i) => ({
    id: `stat_${i + 1}`,
    value,
    label:
      i % 3 === 0
        ? 'of respondents said the programme paid for itself within the first eighteen months of operation'
        : `indicator ${i + 1} across the panel`,
    ...(i % 2 === 0 ? { context: `Measured over two survey waves [${(i % 5) + 1}].` } : {}),
    type: 'other' as const,
    display_type: 'callout' as const,
    color_category: (['primary', 'secondary', 'accent'] as const)[i % 3] ?? 'primary',
    source: 'Example Research Panel 2025',
    source_id: (i % 5) + 1,
  }));
  content.sections.forEach((section, i) => {
    section.statistic_ids =
      i === 0
        ? ['stat_1', 'stat_2', 'stat_3', 'stat_4', 'stat_5']
        : i === 1
          ? ['stat_6', 'stat_7', 'stat_8']
          : [];
  });
};

/** Accented Latin, Greek and Cyrillic (the scripts the embedded fonts cover) in every kind of text. */
export const INTERNATIONAL = {
  french: 'Crème brûlée, façade, naïveté, cœur, Œuvre, Ça: «déjà vu» à l’hôtel.',
  german: 'Größenordnung, Übergrößenträger, Äpfel, ẞ, Straße.',
  polish: 'Zażółć gęślą jaźń; Łódź, Kraków, Ślęża.',
  czech: 'Příliš žluťoučký kůň úpěl ďábelské ódy.',
  nordic: 'Ærøskøbing, Ångström, Þórshöfn, Reykjavík.',
  turkish: 'İstanbul’da ağır çığ, ılık şehir.',
  greek: 'Ξεσκεπάζω την ψυχοφθόρα βδελυγμία· Αθήνα, Θεσσαλονίκη.',
  cyrillic: 'Съешь же ещё этих мягких французских булок, да выпей чаю. Київ, Ґанок.',
} as const;

const international: Builder = (content) => {
  const all = Object.values(INTERNATIONAL).join(' ');
  content.title = `Ångström-Strategie für Zürich, Kraków & Αθήνα — Стратегия ИИ`;
  content.subtitle = INTERNATIONAL.french;
  content.summary = `${content.summary} ${all}`;
  content.sections.forEach((section, i) => {
    const line = Object.values(INTERNATIONAL)[i % Object.keys(INTERNATIONAL).length] ?? '';
    section.title = clip(`${section.title} — ${line.split(/[,:;.]/)[0]}`);
    section.paragraphs.push(`${all} [${(i % 5) + 1}]`);
    if (section.callout) section.callout.content = `${section.callout.content} ${INTERNATIONAL.greek}`;
  });
  for (const stat of content.statistics)
    stat.label = clip(`${stat.label} — ${INTERNATIONAL.cyrillic.slice(0, 40)}`);
  for (const quote of content.quotes) {
    quote.text = clip(`${quote.text} ${INTERNATIONAL.german}`, CONTENT_LIMITS.quote);
    quote.attribution = 'Zoë Łukasiewicz-Ñúñez';
  }
  for (const chart of content.charts)
    chart.data.labels = chart.data.labels.map((label, i) => (i === 0 ? 'Übersetzung' : label));
  content.conclusion.key_takeaways.push(INTERNATIONAL.czech, INTERNATIONAL.cyrillic);
};

/**
 * Markup, a closing `</style>`, entities and Liquid syntax in content: all of it must be printed
 * as text, never interpreted.
 */
export const HOSTILE = {
  markup: '<b>bold</b> <script>alert(1)</script> <img src=x onerror=alert(2)>',
  style: '</style><style>body{display:none}</style>',
  liquid: '{{ doc.title }} {% if true %}yes{% endif %} {%- raw -%}',
  entity: '&amp; &lt;tag&gt; &#39;',
} as const;

const hostile: Builder = (content) => {
  const all = Object.values(HOSTILE).join(' ');
  content.title = `Growth ${HOSTILE.style} ${HOSTILE.liquid}`;
  content.subtitle = HOSTILE.markup;
  content.summary = `${content.summary} ${all}`;
  for (const section of content.sections) {
    section.title = clip(`${section.title} <i>${HOSTILE.liquid.slice(0, 15)}</i>`);
    section.paragraphs.push(`${all} [1]`);
    if (section.callout) section.callout.title = `${HOSTILE.liquid.slice(0, 15)} </aside>`;
  }
  for (const stat of content.statistics) stat.label = clip(`${stat.label} ${HOSTILE.markup.slice(0, 18)}`);
  for (const quote of content.quotes)
    quote.text = clip(`${quote.text} ${HOSTILE.style}`, CONTENT_LIMITS.quote);
  for (const table of content.tables) {
    const row = table.rows[0];
    if (row) row[0] = `${HOSTILE.markup.slice(0, 18)} ${HOSTILE.liquid.slice(0, 15)}`;
  }
  for (const chart of content.charts)
    chart.title = clip(`${chart.title} </svg>${HOSTILE.liquid.slice(0, 15)}`);
  const source = content.sources[0];
  if (source) source.title = `${source.title} ${HOSTILE.style}`;
  content.conclusion.cta = `${content.conclusion.cta} ${HOSTILE.markup}`;
};

/**
 * Short sections that each close with a pull quote and a small tip callout, their lengths varied
 * so that in some design the closing callout does not fit under the quote: the layout of a real
 * offline generation that left a callout alone on a page before the next section.
 */
const closingBlocks: Builder = (content) => {
  const sentence =
    'Leaders who scale artificial intelligence successfully treat it as an operating change rather than a technology purchase, and they fund the people work accordingly [1].';
  content.summary = `${content.summary} ${content.summary} ${content.summary.slice(0, 240)}`;
  content.sections.forEach((section, i) => {
    section.paragraphs = Array.from(
      { length: 3 + ((i + 1) % 4) },
      (_, k) => `${sentence} ${sentence.slice(0, 40 + ((k * 37 + i * 53 + 29) % 260))}.`,
    );
    section.subheadings = [];
    section.statistic_ids = [];
    section.chart_ids = [];
    section.table_ids = [];
    section.quote_ids = [content.quotes[i % content.quotes.length]?.id ?? ''].filter(Boolean);
    section.callout = {
      type: 'tip',
      title: 'Pro tip',
      content: 'Pick a process whose owner is eager to change it: sponsorship matters more than scale.',
    };
  });
};

/** Builds sample content through `builders` and validates it with the content schema. */
export function variant(...builders: Builder[]): DocumentContent {
  const content = sampleContent();
  for (const build of builders) build(content);
  return parseDocumentContent(content);
}

export interface ContentCase {
  readonly name: string;
  /** Content for a template taking at most `maxSections` sections. */
  readonly build: (maxSections: number) => DocumentContent;
}

/** The edge cases, one builder each. */
export const EDGE_CASES: readonly ContentCase[] = [
  { name: 'long title and unbroken words', build: () => variant(longWords) },
  { name: 'ten sections', build: (max) => variant(sections(Math.min(10, max))) },
  { name: 'no charts, quotes or statistics', build: () => variant(bare) },
  { name: 'twelve statistics', build: () => variant(twelveStatistics) },
  { name: 'accented, Greek and Cyrillic text', build: () => variant(international) },
  { name: 'markup, </style> and template syntax', build: () => variant(hostile) },
  { name: 'sections closing with a quote and a tip', build: () => variant(closingBlocks) },
];

/** Every edge case at once: the document the brand × template matrix renders. */
export function stressContent(maxSections: number): DocumentContent {
  return variant(sections(Math.min(10, maxSections)), twelveStatistics, longWords, international, hostile);
}
