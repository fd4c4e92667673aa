/**
 * The fictitious world the offline model writes about: the topic's wording (subject, short form,
 * audience), the angles a consulting report takes on any topic, and research sources that do not
 * exist — `example.org`/`example.com`/`example.net` pages, titled "(example)", published by
 * organisations named "Example …", each saying in its own text that its figures are invented.
 *
 * A source is a pure function of the brief and its URL: the offline search finds it, the offline
 * reader returns its text, and the offline extraction reports the statistics that text contains,
 * so the pipeline's provenance check (a statistic's value must be in its source's text) runs for
 * real on offline runs too.
 */
import type { RunBrief } from '../../generation/run-context.ts';
import { digest, type Seeded, seeded } from './seeded.ts';

/** How the topic is worded in sentences. */
export interface TopicTerms {
  /** The topic in sentence case ("AI implementation strategies for mid-market companies"). */
  subject: string;
  /** Its core noun phrase ("AI implementation"). */
  short: string;
  /** Lower-case industry, or "business". */
  industry: string;
  /** Who the report addresses ("technology leaders"). */
  audience: string;
  /** The organisations surveyed ("technology companies"). */
  organisations: string;
}

/** Words kept as written (acronyms, brand-style casing); the rest become lower case. */
function sentenceCaseWord(word: string): string {
  return /[A-Z].*[A-Z]|\d/.test(word) ? word : word.toLowerCase();
}

/** `text` with its first letter in upper case. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Headline case for titles: every word capitalised except short joining words. */
export function titleCase(text: string): string {
  const minor = new Set([
    'a',
    'an',
    'and',
    'as',
    'at',
    'by',
    'for',
    'in',
    'of',
    'on',
    'or',
    'the',
    'to',
    'with',
  ]);
  return text
    .split(/\s+/)
    .map((word, i) => (i > 0 && minor.has(word.toLowerCase()) ? word.toLowerCase() : capitalise(word)))
    .join(' ');
}

const GENERIC_TAIL =
  /\s+(strategies|strategy|guide|trends|best practices|playbook|framework|tips|ideas|approaches|roadmap|insights|outlook|report|essentials|fundamentals)$/i;

/** The wording of the brief's topic. */
export function topicTerms(brief: Pick<RunBrief, 'topic' | 'industry'>): TopicTerms {
  const words = brief.topic
    .replace(/[.?!]+$/, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const subject = words.map(sentenceCaseWord).join(' ') || 'the topic';
  // The subject's head: before a colon or dash, without a leading question word or article…
  const head = (subject.split(/\s*[:—–]\s*|\s+-\s+/)[0] ?? subject).replace(
    /^(how to|how|why|what|the|a|an)\s+/i,
    '',
  );
  // …and before the first clause or prepositional phrase, unless that leaves a single word.
  const core = (
    head.split(
      /\s+(?:for|in|across|within|among|to|of|on|at|with|that|which|who|where|when|can|could|should|will)\s+/,
    )[0] ?? head
  )
    .replace(GENERIC_TAIL, '')
    .trim();
  let short = core.includes(' ') ? core : head;
  if (!short || short.split(' ').length > 6) short = head.split(' ').slice(0, 5).join(' ');
  const industry = brief.industry?.trim().toLowerCase() || 'business';
  const generic = industry === 'business';
  return {
    subject,
    short,
    industry,
    audience: generic ? 'business leaders' : `${industry} leaders`,
    organisations: generic ? 'companies' : `${industry} organisations`,
  };
}

/** One angle of a consulting report, with the phrases it is written in. */
export interface Dimension {
  key: string;
  /** Key concept ("data readiness"). */
  concept: string;
  title: (t: TopicTerms) => string;
  keyPoint: (t: TopicTerms) => string;
  subsections: (t: TopicTerms) => string[];
  callout: 'tip' | 'warning' | 'note' | 'example';
  calloutText: (t: TopicTerms) => string;
  /** Follows a percentage of respondents: "…% of respondents {headline}". */
  headline: (t: TopicTerms) => string;
  /** A practice that makes success more likely ("a maintained data catalogue"). */
  practice: string;
  /** Follows a segment's percentage: "…% of large enterprises {segmentMetric}". */
  segmentMetric: (t: TopicTerms) => string;
  /** Sentences without figures: what organisations find. */
  findings: (t: TopicTerms) => string[];
  /** Sentences without figures: what to do. */
  advice: (t: TopicTerms) => string[];
}

export const DIMENSIONS: readonly Dimension[] = [
  {
    key: 'outcomes',
    concept: 'business outcomes',
    title: (t) => `Anchor ${titleCase(t.short)} in a Few Measurable Outcomes`,
    keyPoint: (t) =>
      `Programmes tied to two or three named business outcomes get funded, staffed and finished; ${t.short} without a target drifts.`,
    subsections: () => ['Choosing the outcomes that matter', 'Turning outcomes into a shortlist'],
    callout: 'tip',
    calloutText: (t) =>
      `Write each ${t.short} goal as a number the finance team already tracks; if nobody reports it today, pick another.`,
    headline: (t) => `said tying ${t.short} to named business outcomes was what secured their budget`,
    practice: 'outcome targets agreed before launch',
    segmentMetric: (t) => `have written outcome targets for ${t.short}`,
    findings: (t) => [
      `Organisations that agree the outcome first spend less time debating scope once ${t.short} work begins.`,
      `Initiatives framed as technology projects tend to stall at the pilot stage, while those framed as business goals keep their sponsors.`,
      `The strongest programmes start narrow: one process, one owner, one number to move.`,
    ],
    advice: (t) => [
      `Start by listing the decisions ${t.short} should improve, then keep only those with a measurable cost today.`,
      `Agree the target with the budget holder before any vendor conversation.`,
      `Review the shortlist every quarter and drop what no longer moves a number the business cares about.`,
    ],
  },
  {
    key: 'data',
    concept: 'data readiness',
    title: () => 'Get the Data Foundations Right Before Scaling',
    keyPoint: (t) =>
      `Poor data, not the choice of tools, is the most common reason ${t.short} stalls after the pilot.`,
    subsections: () => ['Knowing what data you have', 'Ownership and freshness'],
    callout: 'warning',
    calloutText: () =>
      'A vendor demonstration on clean sample data says little about results on your own records.',
    headline: (t) => `named data quality as the main obstacle to scaling ${t.short}`,
    practice: 'a maintained data catalogue',
    segmentMetric: (t) => `rate their data as ready for ${t.short}`,
    findings: () => [
      'Teams routinely spend most of a pilot’s calendar time finding, cleaning and labelling data.',
      'Data problems rarely show up in a demonstration; they surface when the first real records arrive.',
      'A shared catalogue, with an owner and a freshness date for each dataset, shortens every later project.',
    ],
    advice: (t) => [
      `Budget for data preparation as a first-class part of every ${t.short} initiative.`,
      'Give every important dataset a named owner and a date by which it must be refreshed.',
      'Test on a sample of your own records before committing to a platform.',
    ],
  },
  {
    key: 'skills',
    concept: 'skills and ownership',
    title: () => 'Build Skills and Clear Ownership Inside the Team',
    keyPoint: (t) =>
      `Tools change every year; the ability to judge and run ${t.short} does not go out of date.`,
    subsections: () => ['Training the people closest to the work', 'One owner per initiative'],
    callout: 'example',
    calloutText: () =>
      'One regional firm named a “champion” in every team to triage new ideas before they reach the budget committee.',
    headline: (t) => `plan to train existing staff rather than hire for ${t.short}`,
    practice: 'a named owner for every initiative',
    segmentMetric: (t) => `have a dedicated team for ${t.short}`,
    findings: (t) => [
      `Usage of ${t.short} stays higher where training is paired with every deployment rather than left to documentation.`,
      'Initiatives with a single accountable owner move from pilot to production noticeably faster.',
      'People who helped design a new way of working are the ones who keep it running.',
    ],
    advice: () => [
      'Pair every deployment with hands-on training for the people who will use it.',
      'Name one owner per initiative, with the authority to stop it.',
      'Grow a small internal group that can evaluate vendors and new tools on the business’s terms.',
    ],
  },
  {
    key: 'process',
    concept: 'process redesign',
    title: () => 'Redesign the Work, Not Just the Tools',
    keyPoint: (t) =>
      `The gains from ${t.short} come from changing how work flows, not from adding a tool to an old process.`,
    subsections: () => ['Mapping the process first', 'Where people stay in the loop'],
    callout: 'note',
    calloutText: () =>
      'Map the current process on one page before choosing any tool; the map usually shows where the real delay is.',
    headline: () => 'saw the largest gains where the surrounding process was redesigned at the same time',
    practice: 'processes mapped before tools are chosen',
    segmentMetric: (t) => `have redesigned at least one core process around ${t.short}`,
    findings: (t) => [
      `Adding ${t.short} to an unchanged process tends to move the bottleneck rather than remove it.`,
      'Handovers between teams, not individual tasks, account for most of the delay in typical workflows.',
      'The best results keep people in the loop where judgement matters and automate the rest.',
    ],
    advice: () => [
      'Map the current process end to end before selecting technology.',
      'Decide explicitly where human review stays and where it can go.',
      'Change one process fully rather than many processes a little.',
    ],
  },
  {
    key: 'measurement',
    concept: 'measurement and ROI',
    title: () => 'Measure Results From the First Week',
    keyPoint: () =>
      'What gets measured early gets funded later: a baseline turns opinions into a business case.',
    subsections: () => ['Setting the baseline', 'Reporting what changed'],
    callout: 'tip',
    calloutText: () => 'A baseline needs only three numbers: volume, handling time and error rate.',
    headline: (t) => `could not yet quantify the return on their ${t.short} spending`,
    practice: 'a baseline measured before launch',
    segmentMetric: (t) => `track the return on ${t.short} every quarter`,
    findings: (t) => [
      `Programmes that measured a baseline before launch could show savings within a quarter, while others were still debating what to count.`,
      `Reporting results openly to the teams involved tends to accelerate adoption of ${t.short}.`,
      'Return on investment is easiest to show where the process already has reliable numbers.',
    ],
    advice: () => [
      'Measure the baseline before anything changes, even roughly.',
      'Report results on a fixed schedule, including the initiatives that did not work.',
      'Use the same three or four measures across initiatives so they can be compared.',
    ],
  },
  {
    key: 'governance',
    concept: 'governance and risk',
    title: () => 'Put Light-Touch Governance in Place Early',
    keyPoint: (t) =>
      `Clear rules for ${t.short} speed decisions up; their absence slows everything down once something goes wrong.`,
    subsections: () => ['A policy people can follow', 'Reviewing risk without a bottleneck'],
    callout: 'warning',
    calloutText: () =>
      'A policy nobody has read is not governance; a one-page summary that teams actually use is.',
    headline: (t) => `have a written policy for ${t.short}`,
    practice: 'a review board that meets monthly',
    segmentMetric: (t) => `have assigned accountability for ${t.short} risks`,
    findings: () => [
      'Organisations with a short, practical policy report fewer delays caused by last-minute legal review.',
      'Risk reviews work best as a regular rhythm rather than a gate at the end of a project.',
      'Clear accountability for risk makes teams more willing to experiment, not less.',
    ],
    advice: () => [
      'Write a one-page policy that answers the questions teams actually ask.',
      'Hold a short monthly review instead of one long approval at the end.',
      'Name who is accountable for each risk before the first deployment.',
    ],
  },
  {
    key: 'customers',
    concept: 'customer experience',
    title: () => 'Keep the Customer Experience at the Centre',
    keyPoint: (t) => `Customers judge ${t.short} by what it does for them, not by what it saves internally.`,
    subsections: () => ['Listening before launching', 'Designing for trust'],
    callout: 'example',
    calloutText: () =>
      'One service team tested every change with ten customers before release and cut complaints about the new process within a month.',
    headline: (t) => `expect ${t.short} to change how customers judge them within two years`,
    practice: 'customer feedback loops in every pilot',
    segmentMetric: (t) => `measure the customer impact of ${t.short}`,
    findings: () => [
      'Changes that save internal effort but add customer effort are usually reversed within a year.',
      'Customers accept automation readily where it is fast, transparent and easy to escalate.',
      'Feedback gathered during a pilot is far cheaper to act on than complaints after launch.',
    ],
    advice: () => [
      'Build a customer feedback loop into every pilot from the start.',
      'Make it easy to reach a person whenever an automated step fails.',
      'Track a customer measure alongside every efficiency measure.',
    ],
  },
  {
    key: 'partners',
    concept: 'partners and vendors',
    title: () => 'Choose Partners for Fit, Not Features',
    keyPoint: (t) =>
      `The right partner shortens the path to results with ${t.short}; the wrong contract makes every later change expensive.`,
    subsections: () => ['What to ask before signing', 'Keeping options open'],
    callout: 'note',
    calloutText: () => 'Ask every vendor for a reference customer of your size and sector, and call them.',
    headline: (t) => `work with at least one external partner on ${t.short}`,
    practice: 'clear exit terms in vendor contracts',
    segmentMetric: (t) => `have consolidated their ${t.short} vendors`,
    findings: () => [
      'Buyers who start from their own process requirements choose faster and switch less often.',
      'Feature comparisons rarely predict success; fit with existing systems and teams usually does.',
      'Contracts without exit terms turn a small disappointment into a long commitment.',
    ],
    advice: () => [
      'Write down your requirements before reading any feature list.',
      'Negotiate exit terms and data portability up front.',
      'Prefer partners who will transfer skills to your team over those who keep them.',
    ],
  },
  {
    key: 'scaling',
    concept: 'operating model',
    title: () => 'Turn Pilots Into an Operating Rhythm',
    keyPoint: (t) =>
      `Most organisations can run a ${t.short} pilot; fewer have a way to decide what to scale and what to stop.`,
    subsections: () => ['A portfolio, not a project list', 'Deciding what to stop'],
    callout: 'tip',
    calloutText: () =>
      'Give every pilot an end date and a decision meeting on the calendar before it starts.',
    headline: (t) => `have moved more than one ${t.short} pilot into everyday operations`,
    practice: 'a quarterly portfolio review',
    segmentMetric: (t) => `have scaled ${t.short} beyond a single team`,
    findings: () => [
      'Pilots without an end date tend to linger, consuming attention without producing a decision.',
      'A regular portfolio review makes it normal to stop initiatives, which frees budget for the ones that work.',
      'Scaling succeeds where the second team reuses the first team’s data, process and lessons.',
    ],
    advice: () => [
      'Treat initiatives as a portfolio with a quarterly review.',
      'Set an end date and a decision point for every pilot.',
      'Document what the first team learned before the second one starts.',
    ],
  },
];

/** The dimension whose section title is `title` for these terms, if any. */
export function dimensionOfTitle(terms: TopicTerms, title: string): Dimension | undefined {
  return DIMENSIONS.find((each) => each.title(terms) === title);
}

const PUBLISHERS = [
  'Example Research Institute',
  'Example Insights Group',
  'Example Industry Council',
  'Example Benchmark Partners',
  'Example Policy Forum',
  'Example Analytics Lab',
] as const;
const HOSTS = [
  ['example.org', 'research'],
  ['www.example.com', 'insights'],
  ['example.net', 'reports'],
] as const;
const SEGMENT_SETS = [
  ['large enterprises', 'mid-sized companies', 'small businesses'],
  ['North America', 'Europe', 'Asia-Pacific'],
  ['early adopters', 'followers', 'late starters'],
] as const;
const KINDS = ['Benchmark Report', 'Survey', 'Practitioner Study', 'Outlook', 'Field Guide'] as const;
const PEOPLE = [
  ['Jordan Example', 'Chief Operating Officer', 'Example Manufacturing Co.'],
  ['Alex Sample', 'Head of Strategy', 'Example Logistics'],
  ['Sam Placeholder', 'Director of Operations', 'Example Health Group'],
  ['Taylor Example', 'Chief Digital Officer', 'Example Retail'],
  ['Casey Sample', 'VP of Customer Experience', 'Example Financial'],
] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
] as const;

/** A statistic as an offline source states it, with the sentence that states it. */
export interface OfflineStatistic {
  /** As written in the text ("64%", "2.3x"). */
  value: string;
  /** What the value measures, read after it ("of technology leaders …"). */
  label: string;
  /** Where the figure comes from, in a sentence. */
  context: string;
  type: 'percentage' | 'multiplier';
  /** For segment figures: the segment ("large enterprises"), which labels a chart bar. */
  segment: string | null;
  /** The metric a segment figure belongs to, for a chart title. */
  metric: string | null;
}

/** A quote as an offline source prints it. */
export interface OfflineQuote {
  text: string;
  attribution: string;
  role: string;
}

/** A fictitious research source. */
export interface OfflineSource {
  url: string;
  title: string;
  publisher: string;
  /** ISO date. */
  published_at: string;
  dimension: Dimension;
  text: string;
  statistics: OfflineStatistic[];
  quote: OfflineQuote;
}

/** Distinct percentages between `min` and `max`, in random order. */
function percentages(random: Seeded, count: number, min: number, max: number): number[] {
  const values = new Set<number>();
  while (values.size < count) values.add(random.int(min, max));
  return [...values];
}

/**
 * The offline source at `url` for this brief. The URL's path names the dimension and a variant
 * (`/{area}/{dimension}-{variant}-{digest}`), so the search that found it and the reader agree.
 */
export function offlineSource(
  brief: Pick<RunBrief, 'topic' | 'industry'>,
  url: string,
): OfflineSource | null {
  const parsed = (() => {
    try {
      return new URL(url);
    } catch {
      return null;
    }
  })();
  if (!parsed || !HOSTS.some(([host]) => host === parsed.hostname)) return null;
  const match = /^\/[a-z]+\/([a-z]+)-(\d+)-[0-9a-f]{8}$/.exec(parsed.pathname);
  const found = match && DIMENSIONS.find((each) => each.key === match[1]);
  if (!match || !found) return null;
  const terms = topicTerms(brief);
  const random = seeded(brief.topic, url);
  const year = 2026 - random.int(0, 1);
  const month = random.int(0, MONTHS.length - 2);
  const publisher = random.pick(PUBLISHERS);
  const kind = random.pick(KINDS);
  const respondents = random.int(180, 1400);
  const [headline = 50, practiceShare = 40] = percentages(random, 2, 22, 78);
  const multiplier = `${random.int(14, 34) / 10}x`;
  const segments = random.pick(SEGMENT_SETS);
  const segmentValues = percentages(random, 3, 18, 86).sort((a, b) => b - a);
  const [name, role, company] = random.pick(PEOPLE);
  const findings = random.sample(found.findings(terms), 2);
  const advice = random.sample(found.advice(terms), 2);
  const segmentMetric = found.segmentMetric(terms);

  const context = `Survey of ${respondents} ${terms.organisations} by ${publisher} (example), ${year}.`;
  const statistics: OfflineStatistic[] = [
    {
      value: `${headline}%`,
      label: `of ${terms.audience} ${found.headline(terms)}`,
      context,
      type: 'percentage',
      segment: null,
      metric: null,
    },
    {
      value: `${practiceShare}%`,
      label: `of ${terms.organisations} have ${found.practice}`,
      context,
      type: 'percentage',
      segment: null,
      metric: null,
    },
    {
      value: multiplier,
      label: `more likely to report results above expectations with ${found.practice}`,
      context,
      type: 'multiplier',
      segment: null,
      metric: null,
    },
    ...segments.map((segment, i) => ({
      value: `${segmentValues[i]}%`,
      label: `of ${segment} ${segmentMetric}`,
      context,
      type: 'percentage' as const,
      segment,
      metric: `Share that ${segmentMetric}`,
    })),
  ];
  const quote: OfflineQuote = {
    text: random.pick([
      `The hard part was never the technology. It was ${found.concept}, and once we got that right the results followed.`,
      `We stopped treating ${found.concept} as an afterthought. That single decision changed how fast we could move.`,
      `If I started again, I would put ${found.concept} first. Everything else in ${terms.short} depends on it.`,
    ]),
    attribution: `${name} (example)`,
    role: `${role}, ${company}`,
  };
  const paragraphs = [
    `${publisher} (example) surveyed ${respondents} ${terms.organisations} between ${MONTHS[month]} and ${MONTHS[month + 1]} ${year} on ${found.concept} in ${terms.short}. ${findings[0] ?? ''}`,
    `${headline}% of respondents ${found.headline(terms)}. ${findings[1] ?? ''}`,
    `Only ${practiceShare}% of ${terms.organisations} have ${found.practice}. Those that do were ${multiplier} more likely to report results above expectations.`,
    `The picture differs by group: ${segmentValues[0]}% of ${segments[0]}, ${segmentValues[1]}% of ${segments[1]} and ${segmentValues[2]}% of ${segments[2]} ${segmentMetric}.`,
    `“${quote.text}” says ${name}, ${role} at ${company}. ${advice.join(' ')}`,
    'This is an example source generated offline for demonstration: the organisation, the people and every figure on this page are fictitious.',
  ];
  return {
    url,
    title: `${titleCase(found.concept)} in ${titleCase(terms.short)}: ${kind} ${year} (example)`,
    publisher: `${publisher} (example)`,
    published_at: `${year}-${String(month + 2).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    dimension: found,
    text: paragraphs.join('\n\n'),
    statistics,
    quote,
  };
}

/** The URL of variant `variant` of the offline source on `dimensionKey` for this topic. */
export function offlineSourceUrl(topic: string, dimensionKey: string, variant: number): string {
  const [host, area] = HOSTS[variant % HOSTS.length] ?? HOSTS[0];
  return `https://${host}/${area}/${dimensionKey}-${variant}-${digest(`${topic}|${dimensionKey}|${variant}`)}`;
}
