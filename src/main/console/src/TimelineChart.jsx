import React from 'react'

const W = 900
const H = 280
const PAD = { left: 48, right: 48, top: 12, bottom: 28 }
const BAND_COLOURS = { NORMAL: 'none', BACKOFF: '#f0ab00', SUSPENDED: '#c9190b', PROBING: '#73bcf7' }

const ms = (iso) => new Date(iso).getTime()

/** A hand-drawn SVG: state bands behind, sent (green) and deferred (orange) bars, the rate as a step line. */
/** The chart and, under it, the state bands other than NORMAL as sentences. */
export const TimelineChart = ({ data }) => (
  <>
    <Chart data={data} />
    <ul data-testid='timeline-bands'>
      {(data.bands || []).filter((b) => b.state !== 'NORMAL').map((b, i) => (
        <li key={i}>
          {b.state}: {new Date(b.from).toLocaleTimeString()} to {new Date(b.to).toLocaleTimeString()}
          {b.cause ? ' (' + b.cause + ')' : ''}
        </li>
      ))}
    </ul>
  </>
)

const Chart = ({ data }) => {
  const from = ms(data.from)
  const to = Math.max(ms(data.to), from + 1)
  const innerW = W - PAD.left - PAD.right
  const innerH = H - PAD.top - PAD.bottom
  const x = (t) => PAD.left + ((t - from) / (to - from)) * innerW
  const points = data.points || []
  const rates = data.rates || []
  const maxCount = Math.max(1, ...points.map((p) => (p.sent || 0) + (p.deferred || 0) + (p.failed || 0)))
  const maxRate = Math.max(1, ...rates.map((r) => r.rate || 0))
  const yCount = (v) => PAD.top + innerH - (v / maxCount) * innerH
  const yRate = (v) => PAD.top + innerH - (v / maxRate) * innerH
  const barW = Math.max(1, (data.bucketSeconds * 1000 / (to - from)) * innerW - 1)

  const rx = (iso) => Math.max(PAD.left, x(ms(iso))).toFixed(1)
  const rateLine = rates.map((r, i) => (i === 0 ? 'M' + rx(r.at) + ' ' : 'H' + rx(r.at) + ' V') + yRate(r.rate || 0).toFixed(1))
    .join(' ') + (rates.length ? ' H' + x(to).toFixed(1) : '')

  return (
    <svg viewBox={`0 0 ${W} ${H}`} width='100%' role='img' aria-label={'Timeline of ' + data.site} data-testid='timeline-chart'>
      {(data.bands || []).map((b, i) => (
        <rect key={'b' + i} x={x(ms(b.from))} y={PAD.top} height={innerH} opacity={0.25}
          width={Math.max(1, x(b.to ? ms(b.to) : to) - x(ms(b.from)))} fill={BAND_COLOURS[b.state] || '#8a8d90'}>
          <title>{b.state + (b.cause ? ': ' + b.cause : '')}</title>
        </rect>
      ))}
      {points.map((p, i) => {
        const bx = x(ms(p.at))
        const sentTop = yCount(p.sent || 0)
        const deferredTop = yCount((p.sent || 0) + (p.deferred || 0))
        return (
          <g key={'p' + i}>
            <rect x={bx} y={sentTop} width={barW} height={PAD.top + innerH - sentTop} fill='#3e8635'>
              <title>{p.at + ': ' + p.sent + ' sent, ' + p.deferred + ' deferred, ' + p.failed + ' failed'}</title>
            </rect>
            <rect x={bx} y={deferredTop} width={barW} height={sentTop - deferredTop} fill='#ec7a08' />
          </g>
        )
      })}
      {rates.length > 0 && (
        // the rate before the window's first change is not known: the first known rate, dashed
        <path d={'M' + PAD.left + ' ' + yRate(rates[0].rate || 0).toFixed(1) + ' H' + rx(rates[0].at)} fill='none'
          stroke='#0066cc' strokeWidth={2} strokeDasharray='4 4' />
      )}
      {rateLine && <path d={rateLine} fill='none' stroke='#0066cc' strokeWidth={2} />}
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} stroke='#6a6e73' />
      <text x={PAD.left - 4} y={PAD.top + 10} textAnchor='end' fontSize={11}>{maxCount}</text>
      <text x={PAD.left - 4} y={PAD.top + innerH} textAnchor='end' fontSize={11}>0</text>
      <text x={W - PAD.right + 4} y={PAD.top + 10} fontSize={11} fill='#0066cc'>{maxRate}/s</text>
      <text x={PAD.left} y={H - 8} fontSize={11}>{new Date(from).toLocaleTimeString()}</text>
      <text x={W - PAD.right} y={H - 8} textAnchor='end' fontSize={11}>{new Date(to).toLocaleTimeString()}</text>
      <text x={W / 2} y={H - 8} textAnchor='middle' fontSize={11}>
        sent (green), deferred (orange) per {data.bucketSeconds} s; rate (blue line); state bands behind
      </text>
    </svg>
  )
}
