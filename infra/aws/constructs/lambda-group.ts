/**
 * A family of Lambda functions (HTTP routes, WebSocket routes, pipeline steps, sweeps) built from
 * handler references. The functions of a family share one role, because they need the same
 * permissions; each function has its own log group.
 */
import { join } from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type HandlerRef, handlerId } from '../../../shared/config/handler-ref.ts';
import { LAMBDA_BUNDLE, LAMBDA_NODE_OPTIONS } from '../bundling.ts';
import { acknowledge } from '../nag.ts';
import { pascalCase } from '../naming.ts';
import { CHROMIUM_MEMORY_SIZE, chromiumLayer, importsChromium } from './chromium.ts';
import { BUNDLED_TEMPLATES_DIR, pdfAssetHooks, readsPdfAssets } from './pdf-assets.ts';

/** How the functions of a family are built. */
export interface LambdaGroupProps {
  /** Repository root: handler modules and `package-lock.json` are found from here. */
  readonly rootDir: string;
  /** One function per distinct reference; its export is the Lambda handler. */
  readonly handlers: readonly HandlerRef[];
  readonly environment: Readonly<Record<string, string>>;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Memory and timeout of single functions where they differ from the family's. */
  readonly sizing?: (ref: HandlerRef) => FunctionSizing | undefined;
  /** What the family does, for the role's description. */
  readonly purpose: string;
}

/** A function's own memory (MB) and timeout. */
export interface FunctionSizing {
  readonly memorySize?: number;
  readonly timeout?: Duration;
}

/** `functions/api/system.ts` + `handler` → `ApiSystem`; other exports are appended. */
function constructId(ref: HandlerRef): string {
  return pascalCase(handlerId(ref).replace(/#handler$/, ''));
}

/** Functions built from handler references, sharing one role. */
export class LambdaGroup extends Construct {
  /** The role every function of the family runs with; grant permissions to it. */
  readonly role: Role;
  private readonly byHandler = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: LambdaGroupProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.purpose,
    });
    for (const ref of props.handlers) {
      if (!this.byHandler.has(handlerId(ref)))
        this.byHandler.set(handlerId(ref), this.createFunction(ref, props));
    }
  }

  /** The function serving `ref`. */
  functionFor(ref: HandlerRef): NodejsFunction {
    const fn = this.byHandler.get(handlerId(ref));
    if (!fn) throw new Error(`${this.node.path} has no function for ${handlerId(ref)}`);
    return fn;
  }

  private createFunction(ref: HandlerRef, props: LambdaGroupProps): NodejsFunction {
    const id = constructId(ref);
    const entry = join(props.rootDir, ref.module);
    const logGroup = new LogGroup(this, `${id}Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(this.role);
    const chromium = importsChromium(entry);
    const pdfAssets = readsPdfAssets(props.rootDir, entry);
    const size = props.sizing?.(ref);
    const memorySize = size?.memorySize ?? props.memorySize;

    const fn = new NodejsFunction(this, id, {
      entry,
      handler: ref.export,
      description: `${ref.module} ${ref.export}`,
      runtime: Runtime.NODEJS_22_X,
      architecture: chromium ? Architecture.X86_64 : Architecture.ARM_64,
      layers: chromium ? [chromiumLayer(this, props.rootDir)] : [],
      memorySize: chromium ? Math.max(memorySize, CHROMIUM_MEMORY_SIZE) : memorySize,
      timeout: size?.timeout ?? props.timeout,
      role: this.role,
      logGroup,
      environment: {
        ...props.environment,
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        ...(pdfAssets ? { TEMPLATES_DIR: BUNDLED_TEMPLATES_DIR } : {}),
      },
      projectRoot: props.rootDir,
      depsLockFilePath: join(props.rootDir, 'package-lock.json'),
      bundling: {
        ...LAMBDA_BUNDLE,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        externalModules: [...LAMBDA_BUNDLE.externalModules],
        format: OutputFormat.ESM,
        sourceMapMode: SourceMapMode.DEFAULT,
        ...(pdfAssets ? { commandHooks: pdfAssetHooks(props.rootDir) } : {}),
      },
    });
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the whole product is built and tested on (ARCHITECTURE §1: nodejs22.x on Lambda, the node@22 package locally); moving to a newer runtime is a deliberate, tested upgrade.',
    );
    return fn;
  }
}
