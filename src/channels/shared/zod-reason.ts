// zod issues → one dead-letter reason line (`path: problem; …`), the same wording for every channel.
export function zodReason(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[], root = 'body'): string {
  return issues.map((i) => `${i.path.map(String).join('.') || root}: ${i.message}`).join('; ');
}

