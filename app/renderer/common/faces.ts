/**
 * What other features draw on the canvas's node faces and edges: the teaching views' buttons,
 * expanded neurons, warning badges and probe values. The node faces and edges render these
 * slots; App fills them with teaching/'s components (`<FaceSlots.Provider value={…}>`), so the
 * canvas and the node faces never import teaching/. Unfilled (a test rendering faces alone),
 * each slot draws nothing.
 */
import { createContext, useContext, type ComponentType } from 'react';

export interface FaceSlots {
  /** A Dense face's buttons (neuron view, expand). */
  DenseTools: ComponentType<{ id: string; units: number | undefined; inputs: number | undefined }>;
  /** Whether a Dense layer of this size may be drawn as its neurons. */
  canExpand(units: number | undefined, inputs: number | undefined): boolean;
  /** A Dense layer drawn as its neurons, when expanded. */
  ExpandedNeurons: ComponentType<{ id: string; units: number; inputs: number }>;
  /** A Conv2D face's button to its feature maps. */
  ConvMapsButton: ComponentType<{ id: string }>;
  /** An image Input's button to ∂L/∂x. */
  InputGradientButton: ComponentType;
  /** A node's warnings, as a badge in its header. */
  WarningBadge: ComponentType<{ id: string }>;
  /** The probe's sample on a node (each neuron's value) … */
  ProbeNodeValues: ComponentType<{ id: string }>;
  /** … and on an edge. */
  ProbeEdgeValue: ComponentType<{ id: string }>;
}

const Nothing = () => null;

export const FaceSlots = createContext<FaceSlots>({
  DenseTools: Nothing,
  canExpand: () => false,
  ExpandedNeurons: Nothing,
  ConvMapsButton: Nothing,
  InputGradientButton: Nothing,
  WarningBadge: Nothing,
  ProbeNodeValues: Nothing,
  ProbeEdgeValue: Nothing,
});

export const useFaceSlots = (): FaceSlots => useContext(FaceSlots);
