declare module 'asl-validator' {
  /** Note: it writes a default `QueryLanguage` into every state of the definition it is given. */
  function aslValidator(
    definition: unknown,
    options?: { checkPaths: boolean; checkArn: boolean },
  ): { isValid: boolean; errors: { 'Error code': string; Message?: string }[]; errorsText(separator?: string): string };
  export = aslValidator;
}
