/**
 * Domain authority for source scoring (PRD §7.2.3 "domain authority (predefined list)"): how much
 * a reader of a thought-leadership report trusts a citation from this site, 0–1. The table is
 * configuration — extend it here; subdomains inherit their parent's score
 * (`sloanreview.mit.edu` → `mit.edu` unless listed itself), then public-sector suffixes apply,
 * then {@link DEFAULT_AUTHORITY}.
 */

/** Score of a domain nobody rated: the PRD's neutral 0.5. */
export const DEFAULT_AUTHORITY = 0.5;

export const DOMAIN_AUTHORITY: Readonly<Record<string, number>> = {
  // Strategy and management research (the PRD's list, completed)
  'mckinsey.com': 0.95,
  'hbr.org': 0.95,
  'bcg.com': 0.92,
  'bain.com': 0.9,
  'gartner.com': 0.9,
  'forrester.com': 0.9,
  'deloitte.com': 0.9,
  'pwc.com': 0.88,
  'accenture.com': 0.85,
  'kpmg.com': 0.86,
  'ey.com': 0.86,
  'idc.com': 0.86,
  'sloanreview.mit.edu': 0.92,
  'technologyreview.com': 0.85,
  'strategy-business.com': 0.85,
  'rolandberger.com': 0.82,
  'oliverwyman.com': 0.82,
  'capgemini.com': 0.8,
  'ibm.com': 0.78,
  'statista.com': 0.8,
  // Research institutions, publishers and think tanks
  'mit.edu': 0.9,
  'stanford.edu': 0.9,
  'harvard.edu': 0.92,
  'ox.ac.uk': 0.9,
  'cam.ac.uk': 0.9,
  'nature.com': 0.92,
  'science.org': 0.92,
  'sciencedirect.com': 0.88,
  'springer.com': 0.85,
  'link.springer.com': 0.86,
  'wiley.com': 0.85,
  'tandfonline.com': 0.84,
  'jstor.org': 0.86,
  'ieee.org': 0.88,
  'acm.org': 0.88,
  'nber.org': 0.9,
  'ssrn.com': 0.8,
  'arxiv.org': 0.78,
  'pewresearch.org': 0.92,
  'rand.org': 0.9,
  'brookings.edu': 0.9,
  'weforum.org': 0.85,
  'oecd.org': 0.92,
  'worldbank.org': 0.92,
  'imf.org': 0.92,
  'un.org': 0.88,
  'who.int': 0.92,
  'europa.eu': 0.88,
  'bis.org': 0.9,
  'ilo.org': 0.88,
  // News and business press
  'reuters.com': 0.85,
  'apnews.com': 0.85,
  'bloomberg.com': 0.85,
  'ft.com': 0.85,
  'wsj.com': 0.85,
  'economist.com': 0.85,
  'nytimes.com': 0.8,
  'bbc.com': 0.8,
  'bbc.co.uk': 0.8,
  'washingtonpost.com': 0.78,
  'theguardian.com': 0.78,
  'axios.com': 0.75,
  'cnbc.com': 0.75,
  'forbes.com': 0.75,
  'fortune.com': 0.75,
  'techcrunch.com': 0.72,
  'wired.com': 0.7,
  'theverge.com': 0.68,
  'businessinsider.com': 0.68,
  'fastcompany.com': 0.68,
  'inc.com': 0.65,
  'zdnet.com': 0.65,
  'venturebeat.com': 0.65,
  'cio.com': 0.68,
  'computerweekly.com': 0.66,
  'infoworld.com': 0.65,
  'wikipedia.org': 0.6,
  // User-generated and social: rarely citable on their own
  'medium.com': 0.4,
  'substack.com': 0.45,
  'linkedin.com': 0.45,
  'reddit.com': 0.3,
  'quora.com': 0.25,
  'youtube.com': 0.3,
  'facebook.com': 0.2,
  'x.com': 0.25,
  'twitter.com': 0.25,
  'pinterest.com': 0.15,
};

/** Public-sector and academic suffixes, longest first. */
export const SUFFIX_AUTHORITY: ReadonlyArray<readonly [suffix: string, score: number]> = [
  ['.gov.uk', 0.92],
  ['.gov.au', 0.9],
  ['.gc.ca', 0.9],
  ['.ac.uk', 0.85],
  ['.edu.au', 0.85],
  ['.gov', 0.92],
  ['.mil', 0.85],
  ['.int', 0.88],
  ['.edu', 0.85],
];

/**
 * Authority of `hostname` (with or without `www.`): the most specific table entry among it and
 * its parent domains, else the first matching suffix rule, else {@link DEFAULT_AUTHORITY}.
 */
export function domainAuthority(
  hostname: string,
  table: Readonly<Record<string, number>> = DOMAIN_AUTHORITY,
  suffixes: ReadonlyArray<readonly [string, number]> = SUFFIX_AUTHORITY,
): number {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  for (let index = 0; index < labels.length - 1; index += 1) {
    const candidate = labels.slice(index).join('.');
    if (Object.hasOwn(table, candidate)) return table[candidate] as number;
  }
  const dotted = `.${labels.join('.')}`;
  return suffixes.find(([suffix]) => dotted.endsWith(suffix))?.[1] ?? DEFAULT_AUTHORITY;
}
