import React, { useEffect, useState } from 'react'
import {
  Alert, AlertActionCloseButton, Pagination, TextInput, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core'
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table'
import { call, num, usePoll, when } from './api'
import { SiteAction } from './SiteAction'

// [label, sortBy key of destinations(...) or null when the server cannot sort by it]
const COLUMNS = [
  ['Site', 'site'], ['State', 'state'], ['Rate', 'rate'], ['Learned limit', 'learnedLimit'], ['Held since', 'since'],
  ['Until', 'until'], ['Reason', 'reason'], ['Parked', 'parked'], ['In memory', 'inMemory'], ['Connections', null],
]
const PER_PAGE = 20

/** Every site, filtered, sorted and paged by the server (one destinations(...) call per poll). */
export const Destinations = ({ onTimeline }) => {
  const [typed, setTyped] = useState('')
  const [filter, setFilter] = useState('')
  const [sort, setSort] = useState({ index: 0, direction: 'asc' })
  const [page, setPage] = useState(1)
  const [perPage, setPerPage] = useState(PER_PAGE)
  const [action, setAction] = useState(null) // { kind, site }
  const [notice, setNotice] = useState(null) // { variant, text }

  useEffect(() => {
    const t = setTimeout(() => {
      setFilter(typed.trim())
      setPage(1)
    }, 300)
    return () => clearTimeout(t)
  }, [typed])

  const sortBy = COLUMNS[sort.index][1]
  const { data, error, refresh } = usePoll(
    () => call('destinations', filter, sortBy, sort.direction === 'desc', (page - 1) * perPage, perPage),
    [filter, sortBy, sort.direction, page, perPage])

  const sortable = (index) => COLUMNS[index][1] === null ? undefined : {
    sortBy: { index: sort.index, direction: sort.direction },
    onSort: (_e, i, direction) => {
      setSort({ index: i, direction })
      setPage(1)
    },
    columnIndex: index,
  }
  const rows = data ? data.rows : []
  const actions = (site) => [
    { title: 'Reset', onClick: () => setAction({ kind: 'reset', site }) },
    { title: 'Set rate', onClick: () => setAction({ kind: 'rate', site }) },
    { title: 'Suspend', onClick: () => setAction({ kind: 'suspend', site }) },
    { title: 'Release parked mail', onClick: () => setAction({ kind: 'release', site }) },
    { isSeparator: true },
    { title: 'Timeline', onClick: () => onTimeline(site) },
  ]
  const done = (variant, text) => {
    setAction(null)
    setNotice({ variant, text })
    refresh()
  }

  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <TextInput type='search' aria-label='Filter by site, state or reason' placeholder='Filter by site, state or reason'
              style={{ minWidth: '22em' }}
              data-testid='destinations-filter' value={typed} onChange={(_e, v) => setTyped(v)} />
          </ToolbarItem>
          <ToolbarItem variant='pagination' align={{ default: 'alignRight' }}>
            <Pagination data-testid='destinations-pagination' itemCount={data ? data.total : 0} perPage={perPage}
              page={page} onSetPage={(_e, p) => setPage(p)} onPerPageSelect={(_e, pp) => { setPerPage(pp); setPage(1) }}
              isCompact={false} />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {error && <Alert variant='danger' isInline title={error} />}
      {notice && (
        <Alert variant={notice.variant} isInline title={notice.text} data-testid='action-result'
          actionClose={<AlertActionCloseButton onClose={() => setNotice(null)} />} />
      )}
      <Table aria-label='Destinations' variant='compact' data-testid='destinations-table'>
        <Thead>
          <Tr>
            {COLUMNS.map(([label], i) => <Th key={label} sort={sortable(i)}>{label}</Th>)}
            <Th screenReaderText='Actions' />
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((r) => (
            <Tr key={r.site} data-site={r.site}>
              <Td dataLabel='Site'>{r.site}</Td>
              <Td dataLabel='State'>{r.state}</Td>
              <Td dataLabel='Rate'>{num(r.rate)}{r.maxRate ? ' / ' + num(r.maxRate) : ''}</Td>
              <Td dataLabel='Learned limit'>{num(r.learnedLimit)}</Td>
              <Td dataLabel='Held since'>{r.heldBack ? when(r.since) : ''}</Td>
              <Td dataLabel='Until'>{when(r.until)}</Td>
              <Td dataLabel='Reason' modifier='truncate'>{r.reason}</Td>
              <Td dataLabel='Parked'>{num(r.parked)}</Td>
              <Td dataLabel='In memory'>{num(r.inMemory)}</Td>
              <Td dataLabel='Connections'>{num(r.connections)}</Td>
              <Td isActionCell><ActionsColumn items={actions(r.site)} /></Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {data && (
        <small data-testid='destinations-summary'>
          {data.total} of {data.all} sites match; answered in {data.queryMillis} ms
        </small>
      )}
      {action && <SiteAction action={action} onDone={done} onCancel={() => setAction(null)} />}
    </>
  )
}
