// PatternFly's stylesheets are already on the console's page: a CSS import becomes an empty module.
module.exports = function () {
  return 'export {}'
}
