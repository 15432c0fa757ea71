/** The teaching views' parts on the canvas's node faces and edges (common/faces.ts), for App to provide. */
import type { FaceSlots } from '../common/faces';
import { ConvMapsButton, InputGradientButton } from './conv/ConvView';
import { canExpand, DenseTools, ExpandedNeurons } from './neuron/DenseTools';
import { ProbeEdgeValue, ProbeNodeValues } from './probe/CanvasValues';
import { WarningBadge } from './warnings/Warnings';

export const TEACHING_FACES: FaceSlots = {
  DenseTools,
  canExpand,
  ExpandedNeurons,
  ConvMapsButton,
  InputGradientButton,
  WarningBadge,
  ProbeNodeValues,
  ProbeEdgeValue,
};
