/**
 * Built-in sample content for template tests, previews and the designers' CLI. It reads like a real
 * thought-leadership piece and exercises every feature (all callout types, every chart type,
 * statistics, quotes, a table, numbered citations), but it is fiction: the figures are invented,
 * the organisations and people are made up, and every source lives on example.com/.org/.net.
 * `metadata.sample` is true so templates can mark it as sample content.
 */
import type { DocumentContent, DocumentContentInput } from './document-content.ts';
import { parseDocumentContent } from './document-content.ts';

const ACCESSED = '2026-01-02T10:15:00Z';

export const SAMPLE_CONTENT_INPUT = {
  version: 1,
  title: 'AI Implementation: A Strategic Guide for Mid-Market Leaders',
  subtitle: 'How forward-thinking companies turn pilots into measurable results',
  summary:
    'Mid-market companies are moving from experiments to production use of artificial intelligence, ' +
    'but results vary widely [1]. The firms that report the strongest returns start with narrow, ' +
    'high-volume processes, invest in data quality before models, and measure outcomes from the first ' +
    'week [2]. This guide sets out five strategies drawn from recent surveys and interviews, with the ' +
    'metrics leaders use to decide what to scale and what to stop [3, 4].',
  sections: [
    {
      number: 1,
      label: 'Strategy 1:',
      title: 'Start with High-Impact, Low-Risk Use Cases',
      lead: 'The most successful programmes begin where errors are cheap and volume is high.',
      paragraphs: [
        'Customer service triage, invoice matching and document classification share three traits: ' +
          'clear success criteria, abundant historical examples and a human already in the loop [1]. ' +
          'These make them forgiving places to learn.',
        'Respondents that began with such processes were far more likely to report returns above ' +
          'expectations within the first year than those that began with strategic forecasting [2].',
      ],
      subheadings: [
        {
          title: 'Identifying quick wins',
          content:
            'List processes by monthly volume and by the cost of a wrong answer; the top-left quadrant ' +
            'of that grid is where pilots belong [3].',
        },
      ],
      callout: {
        type: 'tip',
        title: 'Pro tip',
        content: 'Pick a process whose owner is eager to change it: sponsorship matters more than scale.',
      },
      statistic_ids: ['stat_1', 'stat_2'],
      chart_ids: ['chart_1'],
      quote_ids: [],
      table_ids: [],
    },
    {
      number: 2,
      label: 'Strategy 2:',
      title: 'Invest in Data Before Models',
      lead: 'Poor data quality, not model choice, is the most cited reason pilots stall.',
      paragraphs: [
        'Teams report spending most of a pilot’s calendar time finding, cleaning and labelling data [4]. ' +
          'Budgeting for that work up front avoids the familiar pattern of a promising demo that never ' +
          'reaches production.',
        'A shared catalogue of datasets, with an owner and a freshness date for each, turns every later ' +
          'project into a shorter one [3].',
      ],
      callout: {
        type: 'warning',
        content:
          'Do not let a vendor’s demo data stand in for your own: accuracy on real records is often lower.',
      },
      statistic_ids: ['stat_3'],
      chart_ids: ['chart_2'],
      quote_ids: ['quote_1'],
      table_ids: [],
    },
    {
      number: 3,
      label: 'Strategy 3:',
      title: 'Measure From Week One',
      lead: 'What gets measured early gets funded later.',
      paragraphs: [
        'Programmes that defined a baseline before launch were able to show savings within one quarter, ' +
          'while the rest were still debating what to count [2].',
        'Adoption curves in the sample show that usage typically doubles between the first and the third ' +
          'quarter once results are shared openly with the teams involved [5].',
      ],
      callout: {
        type: 'note',
        content: 'A baseline needs only three numbers: volume, handling time and error rate.',
      },
      statistic_ids: ['stat_4'],
      chart_ids: ['chart_3', 'chart_4'],
      quote_ids: [],
      table_ids: ['table_1'],
    },
    {
      number: 4,
      label: 'Strategy 4:',
      title: 'Build Skills Alongside Systems',
      lead: 'Tools change every year; the ability to evaluate them does not go out of date.',
      paragraphs: [
        'Organisations that paired each deployment with training for the people who use it reported ' +
          'higher sustained usage than those that relied on documentation alone [5].',
      ],
      callout: {
        type: 'example',
        title: 'Example',
        content:
          'A regional distributor trained twelve “AI champions”, one per team, who now triage new ideas ' +
          'before they reach the budget committee.',
      },
      statistic_ids: ['stat_5'],
      chart_ids: ['chart_5'],
      quote_ids: ['quote_2'],
      table_ids: [],
    },
  ],
  statistics: [
    {
      id: 'stat_1',
      value: '73%',
      label: 'of mid-market firms now run at least one AI system in production',
      context: 'Up from under half two years earlier.',
      type: 'percentage',
      source: 'Example Research Panel 2025',
      source_url: 'https://research.example.com/panel-2025',
      source_id: 1,
    },
    {
      id: 'stat_2',
      value: '2.4x',
      label: 'more likely to exceed ROI targets when starting with high-volume processes',
      type: 'multiplier',
      color_category: 'secondary',
      source: 'Sample Institute Survey',
      source_id: 2,
    },
    {
      id: 'stat_3',
      value: '60%',
      label: 'of pilot time is spent on data preparation',
      type: 'percentage',
      color_category: 'accent',
      source: 'Data Readiness Report (sample)',
      source_id: 4,
    },
    {
      id: 'stat_4',
      value: '$1.2M',
      label: 'median annual savings reported by programmes with a baseline',
      type: 'currency',
      source: 'Sample Institute Survey',
      source_id: 2,
    },
    {
      id: 'stat_5',
      value: '12 weeks',
      label: 'typical time from pilot approval to first production release',
      type: 'duration',
      source: 'Example Operations Review',
      source_id: 5,
    },
  ],
  charts: [
    {
      id: 'chart_1',
      type: 'bar_horizontal',
      title: 'Share of firms reporting ROI above expectations, by first use case',
      data: {
        labels: ['Customer service triage', 'Invoice processing', 'Document classification', 'Forecasting'],
        values: [48, 41, 37, 19],
      },
      unit: '%',
      source: 'Sample Institute Survey',
      source_id: 2,
    },
    {
      id: 'chart_2',
      type: 'donut',
      title: 'Where pilot time goes',
      data: {
        labels: ['Data preparation', 'Model work', 'Integration', 'Change management'],
        values: [60, 15, 15, 10],
      },
      unit: '%',
      source: 'Data Readiness Report (sample)',
      source_id: 4,
    },
    {
      id: 'chart_3',
      type: 'line',
      title: 'Weekly active users after launch',
      data: {
        labels: ['Q1', 'Q2', 'Q3', 'Q4'],
        series: [
          { name: 'Results shared', values: [120, 190, 260, 310] },
          { name: 'Results not shared', values: [110, 130, 150, 160] },
        ],
      },
      source: 'Example Operations Review',
      source_id: 5,
    },
    {
      id: 'chart_4',
      type: 'bar_vertical',
      title: 'Median annual savings by programme size',
      data: { labels: ['Small', 'Medium', 'Large'], values: [0.4, 1.2, 2.9] },
      unit: '$M',
      decimals: 1,
      source: 'Sample Institute Survey',
      source_id: 2,
    },
    {
      id: 'chart_5',
      type: 'comparison',
      title: 'Sustained usage after six months',
      data: {
        labels: ['Sales', 'Operations', 'Finance'],
        series: [
          { name: 'With training', values: [78, 71, 66] },
          { name: 'Documentation only', values: [42, 39, 35] },
        ],
      },
      unit: '%',
      source: 'Example Operations Review',
      source_id: 5,
    },
  ],
  quotes: [
    {
      id: 'quote_1',
      text: 'We stopped asking which model was best and started asking which data we could trust.',
      attribution: 'Alex Sample',
      role: 'Chief Operating Officer, Example Logistics (fictional)',
      source: 'Interview, 2025',
      source_id: 3,
    },
    {
      id: 'quote_2',
      text: 'Training turned our skeptics into the people who find the next use case.',
      attribution: 'Jordan Placeholder',
      role: 'Head of People, Sample Manufacturing (fictional)',
      source: 'Example Operations Review',
      source_id: 5,
    },
  ],
  tables: [
    {
      id: 'table_1',
      title: 'A three-number baseline',
      columns: ['Metric', 'How to measure', 'Review'],
      rows: [
        ['Volume', 'Items handled per week', 'Weekly'],
        ['Handling time', 'Median minutes per item', 'Weekly'],
        ['Error rate', 'Share of items reworked', 'Monthly'],
      ],
      source: 'Implementation Playbook (sample)',
      source_id: 3,
    },
  ],
  conclusion: {
    title: 'The Bottom Line',
    lead: 'AI pays off for mid-market firms that treat it as an operating discipline, not a project.',
    content:
      'Start narrow, fix the data, measure from the first week and build the skills to keep going. ' +
      'Firms that do these four things consistently report returns that compound year after year [2, 5].',
    key_takeaways: [
      'Begin with high-volume, low-risk processes that already have a human in the loop.',
      'Budget for data preparation: it takes most of a pilot’s time [4].',
      'Set a baseline before launch so savings can be shown within a quarter.',
      'Pair every deployment with training for the people who use it.',
    ],
    cta: 'Contact us to plan your first 90 days of AI implementation.',
  },
  sources: [
    {
      id: 1,
      title: 'Mid-Market Technology Adoption Panel 2025 (sample data)',
      url: 'https://research.example.com/panel-2025',
      domain: 'example.com',
      publisher: 'Example Research',
      published_at: '2025-09-15',
      accessed_at: ACCESSED,
    },
    {
      id: 2,
      title: 'Returns on Automation: Annual Survey (sample data)',
      url: 'https://www.example.org/surveys/automation-returns',
      domain: 'example.org',
      publisher: 'Sample Institute',
      accessed_at: ACCESSED,
    },
    {
      id: 3,
      title: 'Implementation Playbook and Practitioner Interviews (sample)',
      url: 'https://example.net/playbook',
      domain: 'example.net',
      accessed_at: ACCESSED,
    },
    {
      id: 4,
      title: 'Data Readiness Report (sample data)',
      url: 'https://data.example.com/readiness-report',
      domain: 'example.com',
      accessed_at: ACCESSED,
    },
    {
      id: 5,
      title: 'Operations Review: AI Adoption Curves (sample data)',
      url: 'https://www.example.com/operations-review',
      domain: 'example.com',
      accessed_at: ACCESSED,
    },
  ],
  metadata: {
    word_count: 1180,
    estimated_read_time_minutes: 6,
    generated_at: '2026-01-02T10:30:00Z',
    language: 'en',
    sample: true,
  },
} satisfies DocumentContentInput;

/** The fictional agency the sample is rendered for in template tests and the designers' CLI. */
export const SAMPLE_AGENCY = {
  name: 'Northwind Strategy',
  website: 'https://northwind.example.com',
  email: 'hello@northwind.example.com',
  phone: '+1 555 0100',
  address: '100 Market Street, Springfield',
} as const;

/** The fictional client the sample is written for. */
export const SAMPLE_CLIENT = { name: 'Contoso Ltd' } as const;

/** A fresh, validated copy of the sample content (callers may mutate it for edge cases). */
export function sampleContent(): DocumentContent {
  return parseDocumentContent(structuredClone(SAMPLE_CONTENT_INPUT));
}
