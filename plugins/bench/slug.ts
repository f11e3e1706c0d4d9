/** Lowercase, `[a-z0-9]` runs joined by `-`: the piece of a metric id a name becomes. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'unnamed'
}

/** Slugs for names, made unique within the list by `-2`, `-3` suffixes (in order). */
export function uniqueSlugs(names: string[]): string[] {
  const seen = new Map<string, number>()
  return names.map((name) => {
    const base = slugify(name)
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base}-${count}`
  })
}

/** `src/utils/format.bench.ts` → `format`; the whole path when two files share a base name. */
export function fileSlugs(files: string[]): Map<string, string> {
  const stem = (file: string) => file.replace(/\.bench\.[cm]?[jt]sx?$|\.[cm]?[jt]sx?$/, '')
  const base = (file: string) => {
    const slug = slugify(stem(file).split('/').pop() ?? file)
    // `http` is the HTTP scenarios' namespace.
    return slug === 'http' ? 'http-file' : slug
  }
  const counts = new Map<string, number>()
  for (const file of files) counts.set(base(file), (counts.get(base(file)) ?? 0) + 1)
  const result = new Map<string, string>()
  for (const file of files) {
    const short = base(file)
    result.set(file, (counts.get(short) ?? 0) > 1 ? slugify(stem(file)) : short)
  }
  return result
}
