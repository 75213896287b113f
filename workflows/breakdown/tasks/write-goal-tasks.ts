// Placeholder so that CDK can synthesize while the handler is written.
export const handler = async (): Promise<never> => {
  throw new Error('not implemented yet');
};
