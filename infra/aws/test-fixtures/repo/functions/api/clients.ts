/** Fixture: a route module whose routes require a permission. */
export const handler = async (): Promise<void> => {};
