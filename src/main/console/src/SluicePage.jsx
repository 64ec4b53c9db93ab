import React, { useState } from 'react'
import { PageSection, Tab, Tabs, TabTitleText, Title } from '@patternfly/react-core'
import { Destinations } from './Destinations'
import { Deliveries } from './Deliveries'
import { Timeline } from './Timeline'
import { Sender } from './Sender'

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
          <Destinations onTimeline={showTimeline} />
        </Tab>
        <Tab eventKey='deliveries' title={<TabTitleText>Deliveries</TabTitleText>}>
          <Deliveries />
        </Tab>
        <Tab eventKey='timeline' title={<TabTitleText>Timeline</TabTitleText>}>
          <Timeline site={site} onSite={setSite} />
        </Tab>
        <Tab eventKey='sender' title={<TabTitleText>Sender</TabTitleText>}>
          <Sender />
        </Tab>
      </Tabs>
    </PageSection>
  )
}
