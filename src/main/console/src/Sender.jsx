import React from 'react'
import { Alert, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from '@patternfly/react-core'
import { call, num, usePoll, when } from './api'

/** The sender's state and why (sender()). */
export const Sender = () => {
  const { data, error } = usePoll(() => call('sender'), [])
  const items = data ? [
    ['State', data.state, 'sender-state'],
    ['Why', data.reason, 'sender-reason'],
    ['Since', when(data.since)],
    ['Domains held back', num(data.heldBackDomains)],
    ['Domains known', num(data.knownDomains)],
  ] : []
  return (
    <>
      {error && <Alert variant='danger' isInline title={error} />}
      <DescriptionList isHorizontal data-testid='sender'>
        {items.map(([term, value, testid]) => (
          <DescriptionListGroup key={term}>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription data-testid={testid}>{value}</DescriptionListDescription>
          </DescriptionListGroup>
        ))}
      </DescriptionList>
    </>
  )
}
