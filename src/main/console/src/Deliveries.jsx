import React, { useState } from 'react'
import { Alert, Button, EmptyState, EmptyStateHeader, Progress } from '@patternfly/react-core'
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table'
import { ConfirmModal } from './ConfirmModal'
import { call, callOn, message, num, usePoll } from './api'

const VERBS = { pause: 'Pause', resume: 'Resume', stop: 'Stop' }

/** The running and paused deliveries, with pause, resume and stop (each asks first). */
export const Deliveries = () => {
  const { data, error, refresh } = usePoll(() => call('deliveries'), [])
  const [asking, setAsking] = useState(null) // { op, delivery }
  const [notice, setNotice] = useState(null)

  const run = async () => {
    const { op, delivery } = asking
    setAsking(null)
    try {
      await callOn(delivery.mbean, op)
      setNotice({ variant: 'success', text: VERBS[op] + ': ' + delivery.name + ' (' + delivery.id + ')' })
    } catch (e) {
      setNotice({ variant: 'danger', text: VERBS[op] + ' ' + delivery.name + ' failed: ' + message(e) })
    }
    refresh()
  }
  const rows = data || []
  const paused = (d) => /pause/i.test(String(d.state))
  return (
    <>
      {error && <Alert variant='danger' isInline title={error} />}
      {notice && <Alert variant={notice.variant} isInline title={notice.text} />}
      {data && rows.length === 0 && (
        <EmptyState><EmptyStateHeader titleText='No delivery is running or paused' headingLevel='h4' /></EmptyState>
      )}
      {rows.length > 0 && (
        <Table aria-label='Deliveries' variant='compact' data-testid='deliveries-table'>
          <Thead>
            <Tr>
              <Th>Delivery</Th><Th>State</Th><Th>Progress</Th><Th>Sent</Th><Th>Failed</Th><Th>Pending</Th>
              <Th>Rate</Th><Th>ETA</Th><Th>Verdict</Th><Th screenReaderText='Actions' />
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((d) => (
              <Tr key={d.id} data-delivery={d.id}>
                <Td dataLabel='Delivery'>{d.name} ({d.id})</Td>
                <Td dataLabel='State'>{d.state}</Td>
                <Td dataLabel='Progress'>
                  <Progress value={d.percentDone || 0} title={num(d.percentDone) + ' %'} measureLocation='none'
                    size='sm' aria-label={'Progress of ' + d.name} />
                </Td>
                <Td dataLabel='Sent'>{num(d.sent)} / {num(d.total)}</Td>
                <Td dataLabel='Failed'>{num(d.failed)}</Td>
                <Td dataLabel='Pending'>{num(d.pending)}</Td>
                <Td dataLabel='Rate'>{num(d.rate)} /s</Td>
                <Td dataLabel='ETA'>{d.eta}</Td>
                <Td dataLabel='Verdict'>{d.verdict}</Td>
                <Td isActionCell style={{ whiteSpace: 'nowrap' }}>
                  {paused(d)
                    ? <Button variant='secondary' size='sm' onClick={() => setAsking({ op: 'resume', delivery: d })}>Resume</Button>
                    : <Button variant='secondary' size='sm' onClick={() => setAsking({ op: 'pause', delivery: d })}>Pause</Button>}{' '}
                  <Button variant='danger' size='sm' onClick={() => setAsking({ op: 'stop', delivery: d })}>Stop</Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {asking && (
        <ConfirmModal isOpen title={VERBS[asking.op] + ' ' + asking.delivery.name + '?'} confirmLabel={VERBS[asking.op]}
          onConfirm={run} onCancel={() => setAsking(null)}>
          <p>{VERBS[asking.op]} delivery {asking.delivery.id} ({asking.delivery.name})?
            {asking.op === 'stop' ? ' Its pending messages will not be sent.' : ''}</p>
        </ConfirmModal>
      )}
    </>
  )
}
