/**
 * CDK entry point (`cdk.json`: `npx tsx infra/aws/app.ts`). Configuration comes from the context
 * in cdk.json or `-c cs:key=value`; see config.ts.
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.ts';

buildApp(new App());
