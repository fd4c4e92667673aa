/**
 * The app built from the fixture catalogue: protected routes, several routes per module, shared
 * task handlers across two state machines, a step that needs Chromium, schedules in two time
 * zones, and a dashboard build to upload; in an explicit region, as `cdk synth` runs when one is
 * configured (ARNs then carry literal partitions and regions).
 */
import { describeSynthesizedApp } from './test-fixtures/app-assertions.ts';
import { FIXTURE_CATALOGUE, FIXTURE_ROOT } from './test-fixtures/catalogue.ts';
import { synthesize } from './test-fixtures/synthesize.ts';

describeSynthesizedApp('the app from the fixture catalogue', FIXTURE_CATALOGUE, FIXTURE_ROOT, () =>
  synthesize({
    rootDir: FIXTURE_ROOT,
    catalogue: FIXTURE_CATALOGUE,
    env: { region: 'eu-west-1' },
    context: { 'cs:dashboardDir': 'dashboard' },
  }),
);
