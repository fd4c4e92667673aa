/** Fixture: the CDK tests only need this module to exist. */
export const handler = async (): Promise<void> => {};
