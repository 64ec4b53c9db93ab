import React, { useEffect, useState } from 'react'
import { Alert, FormSelect, FormSelectOption, TextInput, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core'
import { call, usePoll } from './api'
import { TimelineChart } from './TimelineChart'

const WINDOWS = [15, 60, 360, 1440]

/** One site's recent history: rate steps, sent and deferred messages per bucket, state bands (timeline()). */
export const Timeline = ({ site, onSite }) => {
  const [typed, setTyped] = useState(site)
  const [minutes, setMinutes] = useState(15)
  useEffect(() => setTyped(site), [site])
  useEffect(() => {
    const t = setTimeout(() => onSite(typed.trim()), 400)
    return () => clearTimeout(t)
  }, [typed]) // eslint-disable-line react-hooks/exhaustive-deps
  const [choices, setChoices] = useState([])
  useEffect(() => {
    // the first sites matching what is typed, offered as choices (the server filters, as on Destinations)
    let current = true
    call('destinations', typed.trim(), 'site', false, 0, 20)
      .then((page) => current && setChoices(page.rows.map((r) => r.site)))
      .catch(() => current && setChoices([]))
    return () => {
      current = false
    }
  }, [typed])
  const { data, error } = usePoll(() => (site ? call('timeline', site, minutes) : Promise.resolve(null)), [site, minutes])
  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <TextInput aria-label='Site' placeholder='Site (e.g. gmail.com)' data-testid='timeline-site' value={typed}
              onChange={(_e, v) => setTyped(v)} list='sluice-timeline-sites' style={{ minWidth: '22em' }} />
            <datalist id='sluice-timeline-sites'>
              {choices.map((c) => <option key={c} value={c} />)}
            </datalist>
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect aria-label='Window' style={{ minWidth: '10em' }} value={minutes} onChange={(_e, v) => setMinutes(Number(v))}>
              {WINDOWS.map((m) => <FormSelectOption key={m} value={m} label={m < 60 ? m + ' minutes' : m / 60 + ' h'} />)}
            </FormSelect>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {error && <Alert variant='danger' isInline title={error} />}
      {!site && <p>Choose a site (or use a destination's Timeline action).</p>}
      {data && <TimelineChart data={data} />}
    </>
  )
}
