// biome-ignore-all lint/suspicious/noControlCharactersInRegex: removing control characters is the point
/**
 * Plugin text made inert for a terminal or a CI log: escape sequences (CSI, OSC such as OSC-8 links,
 * single-character ESC codes) and other control characters removed, newlines folded into spaces, and a
 * leading `::` broken so no line can be read as a GitHub workflow command.
 */
export function terminalText(text: string): string {
  const plain = text
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b[@-_]?/g, '')
    .replace(/[\u0080-\u009f]/g, '')
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
  return plain.replace(/^(\s*):(?=:)/, '$1:\u200B')
}
