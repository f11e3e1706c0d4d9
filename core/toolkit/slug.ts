/** Lowercase, `[a-z0-9]` runs joined by `-` (accents dropped): the piece of a metric id a name becomes. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'unnamed'
}

/**
 * Slugs for names, made unique within the list by `-2`, `-3` suffixes in order, so that two names
 * never share a metric id. `toSlug` turns one name into its slug (default `slugify`).
 */
export function uniqueSlugs(names: readonly string[], toSlug: (name: string) => string = slugify): string[] {
  const seen = new Map<string, number>()
  const taken = new Set<string>()
  return names.map((name) => {
    const base = toSlug(name)
    let count = seen.get(base) ?? 0
    let slug: string
    // `a`, `a`, `a-2` → `a`, `a-2`, `a-2-2`: a suffix never collides with a name's own slug.
    do {
      count++
      slug = count === 1 ? base : `${base}-${count}`
    } while (taken.has(slug))
    seen.set(base, count)
    taken.add(slug)
    return slug
  })
}

/** A path as metric id segments: lowercase, only `[a-z0-9._-]` in each (`bundle/asset/<path>/…`). */
export function toIdPath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '_'))
    .join('/')
}
