/**
 * The app as `cdk synth` builds it from the repository's own tables (shared/), without bundling.
 */
import { REPO_ROOT } from './build-app.ts';
import { CATALOGUE } from './catalogue.ts';
import { describeSynthesizedApp } from './test-fixtures/app-assertions.ts';
import { synthesize } from './test-fixtures/synthesize.ts';

describeSynthesizedApp('the app from shared/ tables', CATALOGUE, REPO_ROOT, () => synthesize());
