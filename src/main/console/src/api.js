import { jolokiaService } from '@hawtio/react'
import { useEffect, useRef, useState, useCallback } from 'react'

// Every call goes through the console's Jolokia client (its session and CSRF header), never fetch() of our own.
const CONSOLE_PATTERN = 'sluice*:type=Console'
let consoleMBean = null

/** The ObjectName of Sluice's console MBean (sluice:type=Console for the default instance). */
export async function findConsole() {
  if (!consoleMBean) {
    const found = await jolokiaService.search(CONSOLE_PATTERN)
    if (!found || found.length === 0) {
      throw new Error('No MBean ' + CONSOLE_PATTERN + ': is this a Sluice console?')
    }
    consoleMBean = [...found].sort()[0]
  }
  return consoleMBean
}

/** Runs an operation of the console MBean (looked up again when it went away, e.g. Sluice restarted). */
export async function call(operation, ...args) {
  try {
    return await jolokiaService.execute(await findConsole(), operation, args)
  } catch (e) {
    if (/InstanceNotFound/.test(message(e))) {
      consoleMBean = null
    }
    throw e
  }
}

/** Runs an operation of another MBean (e.g. a delivery's pause()). */
export function callOn(mbean, operation, ...args) {
  return jolokiaService.execute(mbean, operation, args)
}

export const POLL_MILLIS = 2000

/**
 * Polls load() every 2 s while mounted (and again whenever deps change); returns { data, error, refresh }.
 * A slow answer never overlaps the next poll, and an answer to an outdated request is dropped.
 */
export function usePoll(load, deps) {
  const [data, setData] = useState(null)
  const [error, setError] = useState(null)
  const generation = useRef(0)
  const refresh = useCallback(async () => {
    const mine = ++generation.current
    try {
      const result = await load()
      if (mine === generation.current) {
        setData(result)
        setError(null)
      }
    } catch (e) {
      if (mine === generation.current) {
        setError(message(e))
      }
    }
  }, deps) // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    let stopped = false
    let timer = null
    const loop = async () => {
      await refresh()
      if (!stopped) {
        timer = setTimeout(loop, POLL_MILLIS)
      }
    }
    loop()
    return () => {
      stopped = true
      clearTimeout(timer)
      generation.current++
    }
  }, [refresh])
  return { data, error, refresh }
}

/** A readable sentence from a Jolokia error (its `error` field) or anything else thrown. */
export function message(e) {
  if (!e) return ''
  if (typeof e === 'string') return e
  if (e.error) return String(e.error)
  return e.message || String(e)
}

/** An ISO-8601 instant as local time ("" stays ""). */
export function when(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  return isNaN(d.getTime()) ? String(iso) : d.toLocaleString()
}

export function num(v, digits = 1) {
  if (v === null || v === undefined || v === '') return ''
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(digits)) : String(v)
}
