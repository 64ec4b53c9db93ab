import React, { useState } from 'react'
import { Form, FormGroup, TextInput } from '@patternfly/react-core'
import { ConfirmModal } from './ConfirmModal'
import { call, message } from './api'

const TITLES = { reset: 'Reset', rate: 'Set rate', suspend: 'Suspend', release: 'Release parked mail' }

/** The confirmation of one site action; runs it through Jolokia and reports its sentence to onDone. */
export const SiteAction = ({ action, onDone, onCancel }) => {
  const { kind, site } = action
  const [seconds, setSeconds] = useState(kind === 'rate' ? '600' : '300')
  const [rate, setRate] = useState('1')
  const [busy, setBusy] = useState(false)

  const run = async () => {
    setBusy(true)
    try {
      let said
      if (kind === 'reset') said = await call('resetSite', site)
      else if (kind === 'rate') said = await call('setSiteRate', site, Number(rate), Number(seconds))
      else if (kind === 'suspend') said = await call('suspendSite', site, Number(seconds))
      else said = await call('releaseParked', site)
      onDone('success', String(said))
    } catch (e) {
      onDone('danger', TITLES[kind] + ' ' + site + ' failed: ' + message(e))
    }
  }
  const question = {
    reset: 'Forget what flow control learned about ' + site + ' and send at its configured rate again?',
    rate: 'Send to ' + site + ' at this rate for a while?',
    suspend: 'Stop sending to ' + site + ' (its mail is parked) for a while?',
    release: 'Put the mail parked for ' + site + ' back in line now?',
  }[kind]
  return (
    <ConfirmModal isOpen title={TITLES[kind] + ': ' + site} confirmLabel={TITLES[kind]} onConfirm={run}
      onCancel={onCancel} busy={busy}>
      <p>{question}</p>
      {(kind === 'rate' || kind === 'suspend') && (
        <Form isHorizontal onSubmit={(e) => e.preventDefault()}>
          {kind === 'rate' && (
            <FormGroup label='Messages per second' fieldId='rate-value'>
              <TextInput id='rate-value' type='number' data-testid='rate-value' value={rate}
                onChange={(_e, v) => setRate(v)} />
            </FormGroup>
          )}
          <FormGroup label='For (seconds)' fieldId='action-seconds'>
            <TextInput id='action-seconds' type='number' value={seconds} onChange={(_e, v) => setSeconds(v)}
              data-testid={kind === 'rate' ? 'rate-seconds' : 'suspend-seconds'} />
          </FormGroup>
        </Form>
      )}
    </ConfirmModal>
  )
}
