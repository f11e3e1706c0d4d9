import { slugify } from '../../core/toolkit/slug.js'

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
