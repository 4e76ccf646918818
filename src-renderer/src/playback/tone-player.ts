/**
 * Plays a timeline on Tone.js's transport. Notes are scheduled in transport ticks (whole notes ×
 * 4 × PPQ), so a tempo change is just `transport.bpm` (ramped, also while playing) and an A–B loop
 * is the transport's own loop. The highlight follows the same clock: each note's callback hands the
 * note to `Tone.Draw`, which calls back on the animation frame nearest the note's audio time.
 *
 * Why not abcjs.TimingCallbacks for the highlight: it runs its own timer from the tempo it was
 * built with, so it drifts from the audio as soon as the tempo ramps or the loop wraps.
 */
import * as Tone from 'tone'
import { countIn, quarterBpm, type Meter, type Tempo, wholeNotesToSeconds } from './timing/tempo'
import { createClick, createInstruments, DEFAULT_MIX, type Instruments, type Mix } from './instruments'
import type { PlayNote, Timeline } from './timing/timeline'
import { clampStart, type TimeRange } from './timing/positions'
import { metronomeBeats, passTempo, type StepUp } from './timing/practice'
import { scheduleMetronome, scheduleNotes, ticks } from './schedule'
import type { VoiceSamples } from './samples'

export type PlayerStatus = 'stopped' | 'counting-in' | 'playing' | 'paused'

export interface PlayerListener {
  status(status: PlayerStatus): void
  /** The melody note now sounding (null when stopped). */
  note(note: PlayNote | null): void
  /** Transport position in whole notes, about once per animation frame while playing. */
  position(wholeNotes: number): void
  /** The step-up trainer went round: `pass` counts from 0, at `bpm` (the tune's beats). */
  practice(pass: number, bpm: number): void
}

/** Tone.js has one transport per page: the player that starts takes it from any other. */
let owner: TonePlayer | null = null
let instruments: Instruments | null = null

const NO_SAMPLES: VoiceSamples = { melody: null, backing: null }

/** The page's instruments playing `samples`: built once, their voices changed for other samples (the room kept). */
function instrumentsFor(mix: Mix, samples: VoiceSamples): Instruments {
  if (!instruments) instruments = createInstruments(mix, samples)
  else if (instruments.samples.melody !== samples.melody || instruments.samples.backing !== samples.backing) instruments.setSamples(samples)
  return instruments
}

/** How long tempo changes glide while playing, in seconds: audible as a change, not a jump. */
const TEMPO_RAMP_S = 0.4
/** Scheduling lead so the first note and the count-in are not late. */
const START_LEAD_S = 0.08

export class TonePlayer {
  private timeline: Timeline | null = null
  private meter: Meter = { num: 4, den: 4 }
  private tempo: Tempo = { beat: 1 / 4, bpm: 120 }
  private loop: TimeRange | null = null
  private chordsOn = true
  private countInOn = false
  private metronomeOn = false
  private mix: Mix = DEFAULT_MIX
  private stepUp: StepUp | null = null
  /** The chosen sounds' samples, loading from when they were chosen (the synth until then). */
  private samples: Promise<VoiceSamples> = Promise.resolve(NO_SAMPLES)
  private status: PlayerStatus = 'stopped'
  /** Where the transport stands when not running (whole notes). */
  private held = 0
  private click: Tone.MembraneSynth | null = null
  private frame = 0
  /** Bumped whenever the transport halts, so timers from an earlier run do nothing. */
  private run = 0

  constructor(private readonly listener: PlayerListener) {}

  private get transport(): ReturnType<typeof Tone.getTransport> {
    return Tone.getTransport()
  }

  private ticks(wholeNotes: number): string {
    return ticks(this.transport, wholeNotes)
  }

  load(timeline: Timeline, meter: Meter, tempo: Tempo): void {
    this.stop()
    this.timeline = timeline
    this.meter = meter
    this.tempo = tempo
    this.loop = null
  }

  get tempoNow(): Tempo {
    return this.tempo
  }

  async play(from?: number): Promise<void> {
    const timeline = this.timeline
    if (!timeline || timeline.melody.length === 0) return
    // Browsers keep audio suspended until a user gesture; Tone.start() resumes it inside one.
    await Tone.start()
    if (this.status === 'playing' || this.status === 'counting-in') {
      if (from === undefined) return
      this.halt()
    }
    await this.claim()
    const loop = this.practiceLoop(timeline)
    const start = clampStart(timeline, from ?? this.held, loop)
    const transport = this.transport
    transport.bpm.value = quarterBpm(this.stepUp ? { ...this.tempo, bpm: passTempo(this.stepUp, 0) } : this.tempo)
    this.applyLoop(loop)
    this.click = createClick()
    this.schedule(timeline)
    if (this.stepUp && loop) this.followPasses(this.stepUp, loop)
    let at = Tone.now() + START_LEAD_S
    if (this.countInOn) at = this.scheduleCountIn(at)
    transport.start(at, this.ticks(start))
    this.held = start
    this.setStatus(this.countInOn ? 'counting-in' : 'playing')
    if (this.countInOn) {
      const run = this.run
      this.later(at, () => {
        if (run === this.run && this.status === 'counting-in') this.setStatus('playing')
      })
    }
    this.follow()
  }

  pause(): void {
    if (this.status !== 'playing' && this.status !== 'counting-in') return
    this.held = this.status === 'playing' ? this.position() : this.held
    this.halt()
    this.setStatus('paused')
  }

  stop(): void {
    if (owner === this) this.halt()
    this.held = 0
    this.listener.note(null)
    this.listener.position(0)
    if (this.status !== 'stopped') this.setStatus('stopped')
  }

  /** Tempo in the tune's own beats per minute; glides when playing. */
  setTempo(tempo: Tempo): void {
    this.tempo = tempo
    if (owner !== this) return
    // During the count-in the transport is set to start later: its tempo is set outright.
    if (this.status === 'playing') this.transport.bpm.rampTo(quarterBpm(tempo), TEMPO_RAMP_S)
    else if (this.status === 'counting-in') this.transport.bpm.value = quarterBpm(tempo)
  }

  /** Loops the range (whole notes) while playing; null plays to the end. */
  setLoop(range: TimeRange | null): void {
    this.loop = range
    if (owner === this) this.applyLoop()
  }

  setChords(on: boolean): void {
    this.chordsOn = on
  }

  setCountIn(on: boolean): void {
    this.countInOn = on
  }

  /** A click on every beat, while playing too. */
  setMetronome(on: boolean): void {
    this.metronomeOn = on
  }

  setMix(mix: Mix): void {
    this.mix = mix
    instruments?.setMix(mix)
  }

  /**
   * The instruments, as their samples load (started when chosen, so Play only waits for what is
   * not decoded yet). A tune playing goes on from where it is with the new sound.
   */
  setSamples(samples: Promise<VoiceSamples>): void {
    this.samples = samples
    void samples.then((loaded) => {
      if (this.samples !== samples) return
      if (owner === this && this.status === 'playing') void this.play(this.position())
      // Built now, not at Play, unless another tune is playing on them.
      else if (this.transport.state !== 'started') instrumentsFor(this.mix, loaded)
    })
  }

  /** Step-up practice from the next Play: the loop (or the whole tune) `passes` times, faster each time. */
  setStepUp(plan: StepUp | null): void {
    this.stepUp = plan
  }

  dispose(): void {
    this.stop()
    if (owner === this) owner = null
  }

  /** Current position in whole notes. */
  position(): number {
    if (owner !== this || this.transport.state !== 'started') return this.held
    const now = this.transport.ticks / (4 * this.transport.PPQ)
    // The transport wraps the loop a scheduling step ahead; between, it reads just past the end.
    if (this.loop && now >= this.loop.end) return this.loop.start + (now - this.loop.end)
    return now
  }

  private async claim(): Promise<void> {
    if (owner && owner !== this) owner.stop()
    // The page-wide owner slot (one transport), not an alias for `this` within this method.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    owner = this
    const voices = instrumentsFor(this.mix, await this.samples)
    voices.setMix(this.mix)
    await voices.ready
  }

  /** Practice loops the loop range, or the whole tune when no bars are chosen. */
  private practiceLoop(timeline: Timeline): TimeRange | null {
    if (!this.stepUp) return this.loop
    return this.loop ?? { start: 0, end: timeline.total }
  }

  /**
   * Each time the transport wraps the loop: the next pass's tempo. The last pass plays through
   * to the loop's end with the loop off, and stops there.
   */
  private followPasses(plan: StepUp, loop: TimeRange): void {
    let pass = 0
    const run = this.run
    const transport = this.transport
    const lastPass = (): void => {
      transport.loop = false
      transport.scheduleOnce((time) => this.later(time, () => run === this.run && this.stop()), this.ticks(loop.end))
    }
    this.listener.practice(0, passTempo(plan, 0))
    if (plan.passes <= 1) lastPass()
    transport.on('loop', (time) => {
      if (run !== this.run) return
      pass++
      const bpm = passTempo(plan, pass)
      transport.bpm.setValueAtTime(quarterBpm({ ...this.tempo, bpm }), time)
      this.later(time, () => run === this.run && this.listener.practice(pass, bpm))
      if (pass >= plan.passes - 1) lastPass()
    })
  }

  /**
   * Runs `action` when the audio clock reaches `time`. Not Tone.Draw: it drops callbacks whose
   * animation frame comes over 0.25 s late (a busy machine), and a lost status change would
   * leave the transport showing "playing" after the end.
   */
  private later(time: number, action: () => void): void {
    window.setTimeout(action, Math.max(0, (time - Tone.immediate()) * 1000))
  }

  /** Stops the transport and silences everything without deciding the new status. */
  private halt(): void {
    this.run++
    cancelAnimationFrame(this.frame)
    const transport = this.transport
    transport.stop()
    transport.cancel(0)
    transport.loop = false
    transport.off('loop')
    // Highlights queued for notes that will now not sound.
    Tone.getDraw().cancel(0)
    instruments?.releaseAll()
    this.click?.dispose()
    this.click = null
  }

  private schedule(timeline: Timeline): void {
    const transport = this.transport
    const voices = instruments
    if (!voices) return
    const draw = Tone.getDraw()
    scheduleNotes(transport, voices, timeline, {
      melodyNote: (note, time) => draw.schedule(() => this.listener.note(note), time),
      // Read at play time so the backing can be switched on and off while playing.
      backingOn: () => this.chordsOn,
    })
    if (this.click) scheduleMetronome(transport, this.click, metronomeBeats(timeline, this.meter), () => this.metronomeOn)
    const run = this.run
    transport.schedule((time) => {
      // With a loop running the transport wraps before reaching the end.
      if (!transport.loop) this.later(time, () => run === this.run && this.stop())
    }, this.ticks(timeline.total))
  }

  /** Clicks on the audio clock before the transport starts; returns when the music starts. */
  private scheduleCountIn(at: number): number {
    const bar = countIn(this.meter)
    this.click ??= createClick()
    for (const c of bar.clicks) {
      this.click.triggerAttackRelease(c.downbeat ? 'C6' : 'G5', 0.05, at + wholeNotesToSeconds(c.at, this.tempo), c.downbeat ? 1 : 0.7)
    }
    return at + wholeNotesToSeconds(bar.length, this.tempo)
  }

  private applyLoop(loop: TimeRange | null = this.loop): void {
    const transport = this.transport
    if (loop) {
      transport.setLoopPoints(this.ticks(loop.start), this.ticks(loop.end))
      transport.loop = true
    } else {
      transport.loop = false
    }
  }

  private follow(): void {
    const tick = (): void => {
      if (owner !== this || (this.status !== 'playing' && this.status !== 'counting-in')) return
      this.listener.position(this.position())
      this.frame = requestAnimationFrame(tick)
    }
    this.frame = requestAnimationFrame(tick)
  }

  private setStatus(status: PlayerStatus): void {
    this.status = status
    this.listener.status(status)
  }
}
