/**
 * `sets.*`: sets over the library's tunes and pieces, and a set as one ABC file for a session
 * folder or another program: each tune's text exactly as stored, in play order, after a comment
 * header that says the set's order, repeats, keys and tempo (ABC free text, which no tune reads).
 */
import type { HandlersOf } from '../../src-shared/contract'
import { ApiError } from '../../src-shared/contract/errors'
import type { setChannels, TuneSet } from '../../src-shared/contract/sets'
import type { Library } from '../library'
import { guard } from './library-service'

/** A file name from the set's name: letters, digits and dashes only, never empty. */
export function setFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
  return `${slug || 'set'}.abc`
}

/** The set as one ABC file. Texts are kept as written; a blank line separates the tunes. */
export function setToAbc(set: TuneSet): string {
  const header = [
    `% Set: ${set.name}`,
    ...(set.tempoBpm ? [`% Tempo: ${set.tempoBpm} bpm`] : []),
    ...set.items.map((item, i) => {
      const key = item.key ? `, in ${item.key}` : ''
      return `% ${i + 1}. ${item.title}: ${item.repeats} ${item.repeats === 1 ? 'time' : 'times'}${key}`
    }),
    ...(set.notes.trim() ? set.notes.trim().split('\n').map((line) => `% ${line}`) : []),
  ]
  // A tune ends at its first blank line, so trailing blank lines are the only thing trimmed.
  const tunes = set.items.map((item) => item.abc.replace(/\r\n?/g, '\n').replace(/\s+$/, ''))
  return [header.join('\n'), ...tunes].join('\n\n') + '\n'
}

export function createSetsService(library: Library): HandlersOf<typeof setChannels> {
  const mustGet = (id: number): TuneSet => {
    const set = library.sets.get(id)
    if (!set) throw new ApiError('not-found', `No set with id ${id}`)
    return set
  }
  return {
    listSets: ({ text, limit }) => library.sets.search(text, limit),
    getSet: ({ id }) => mustGet(id),
    createSet: (input) => guard(() => library.sets.create(input)),
    updateSet: ({ id, ...input }) => guard(() => library.sets.update(id, input)),
    deleteSet: ({ id }) =>
      guard(() => {
        library.sets.delete(id)
        return { id }
      }),
    exportSetAbc: ({ id }) => {
      const set = mustGet(id)
      return { fileName: setFileName(set.name), abc: setToAbc(set) }
    },
  }
}
