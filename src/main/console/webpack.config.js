// The Sluice page as a Hawtio 4 remote plugin (issue 23; contract: console-contract.md). Hawtio's console loads
// <Url>/remoteEntry.js (Url from the MBean hawtio:type=plugin,name=sluice), joins its shared scope and calls the
// `plugin` export of the exposed module './plugin'. Modelled on hawtio's examples/sample-plugin.
const path = require('path')
const { ModuleFederationPlugin } = require('webpack').container

const { dependencies, peerDependencies } = require('./package.json')

// What the hawtio-default 4.2.0 war shares (read from its static/js/main.*.js): react and react-dom 18.3.1,
// react-router-dom 6.26.2, @hawtio/react 1.5.0. Their versions are package.json's: react and react-dom are installed
// (PatternFly needs them to build), @hawtio/react and react-router-dom are optional peer dependencies, not installed
// (1.5.0 is not on npm; 1.6.2 has the same dependencies and would only add Monaco, Keycloak... to node_modules).
// `import: false`: the plugin never brings a copy of its own, the console's is always used (one React, one Hawtio).
const CONSOLE_SHARES = {
  react: dependencies.react,
  'react-dom': dependencies['react-dom'],
  'react-router-dom': peerDependencies['react-router-dom'],
  '@hawtio/react': peerDependencies['@hawtio/react'],
}
const shared = Object.fromEntries(Object.entries(CONSOLE_SHARES).map(([name, version]) => [
  name, { singleton: true, import: false, requiredVersion: version.startsWith('^') ? version : `^${version}` },
]))

module.exports = (_, argv) => ({
  mode: argv.mode || 'production',
  entry: {}, // the container entry (remoteEntry.js) is the only entry
  devtool: false,
  output: {
    // the Maven build passes target/classes/sluice/console/plugin (the jar's sluice/console/plugin/)
    path: process.env.SLUICE_CONSOLE_OUT || path.resolve(__dirname, '../../../target/classes/sluice/console/plugin'),
    publicPath: 'auto', // chunks load from wherever remoteEntry.js came from (/hawtio/static/sluice/)
    uniqueName: 'sluice',
    filename: '[name].[contenthash:8].js',
    chunkFilename: '[name].[contenthash:8].js',
    clean: true,
  },
  resolve: { extensions: ['.js', '.jsx'] },
  module: {
    rules: [
      { test: /\.jsx?$/, include: path.resolve(__dirname, 'src'), use: 'babel-loader' },
      // PatternFly's components import their CSS; the console already loads PatternFly 5.3's stylesheet
      { test: /\.css$/, include: /node_modules/, type: 'javascript/auto', use: path.resolve(__dirname, 'no-css-loader.js') },
    ],
  },
  plugins: [
    new ModuleFederationPlugin({
      name: 'sluice', // the Scope attribute of hawtio:type=plugin,name=sluice
      filename: 'remoteEntry.js',
      exposes: { './plugin': './src/plugin' }, // the Module attribute
      shared,
    }),
  ],
  performance: { hints: false },
  stats: 'errors-warnings',
})
