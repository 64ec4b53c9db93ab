import React, { useState } from 'react'
import { PageSection, Tab, Tabs, TabTitleText, Title } from '@patternfly/react-core'
import { Destinations } from './Destinations'
import { Deliveries } from './Deliveries'
import { Timeline } from './Timeline'
import { Sender } from './Sender'

const PADDED = { paddingTop: '1rem' }

/** The Sluice page: one tab per part, each polling its own operation of sluice:type=Console. */
export const SluicePage = () => {
  const [tab, setTab] = useState('destinations')
  const [site, setSite] = useState('')
  const showTimeline = (s) => {
    setSite(s)
    setTab('timeline')
  }
  return (
    <PageSection variant='light' data-testid='sluice-page'>
      <Title headingLevel='h1'>Sluice</Title>
      <Tabs activeKey={tab} onSelect={(_e, key) => setTab(key)} mountOnEnter unmountOnExit>
        <Tab eventKey='destinations' title={<TabTitleText>Destinations</TabTitleText>}>
          <div style={PADDED}><Destinations onTimeline={showTimeline} /></div>
        </Tab>
        <Tab eventKey='deliveries' title={<TabTitleText>Deliveries</TabTitleText>}>
          <div style={PADDED}><Deliveries /></div>
        </Tab>
        <Tab eventKey='timeline' title={<TabTitleText>Timeline</TabTitleText>}>
          <div style={PADDED}><Timeline site={site} onSite={setSite} /></div>
        </Tab>
        <Tab eventKey='sender' title={<TabTitleText>Sender</TabTitleText>}>
          <div style={PADDED}><Sender /></div>
        </Tab>
      </Tabs>
    </PageSection>
  )
}
