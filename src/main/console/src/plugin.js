import { hawtio } from '@hawtio/react'
import { SluicePage } from './SluicePage'

/** Called by the console once remoteEntry.js is loaded (PluginEntry = "plugin"): the page at /hawtio/sluice. */
export const plugin = () => {
  hawtio.addPlugin({
    id: 'sluice',
    title: 'Sluice',
    path: '/sluice',
    component: SluicePage,
    isActive: async () => true,
    order: 1,
  })
}
