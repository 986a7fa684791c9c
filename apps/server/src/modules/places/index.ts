export {
  places,
  equipment,
  PLACE_KINDS,
  PLACE_USES,
  EQUIPMENT_KINDS,
  type PlaceKind,
  type PlaceUse,
  type PolygonGeometry,
} from './places.tables.js';
export { PlacesService, requireSchool, presentPlace, EXPORT_LIMIT } from './places.service.js';
export { placesRoutes } from './places.routes.js';
export { PLACE_EVENTS } from './places.events.js';
export { PLACE_USE_LABELS } from './places.sheets.js';
export { roomsImporter } from './places.rooms-import.js';
export { equipmentImporter } from './places.equipment-import.js';
export {
  listPlacesWhere,
  placesOfSchool,
  placesByIds,
  insertPlaces,
  attentionByBuilding,
  recordInspection,
  type PlaceRow,
} from './places.repository.js';
export { placePath, centreOf, chinaDay, parseDay } from './places.model.js';
export { placeSchema, polygonSchema } from './places.schemas.js';
export {
  locateInSchool,
  resolvePosition,
  pointInPolygon,
  metresToPolygon,
  NEAREST_LIMIT_METRES,
  type Located,
} from './locate.js';
export { searchPlacesRanked, parsePlaceQuery, type RankedPlace } from './places.search.js';
export { districtFeatures, DISTRICT_FEATURE_KINDS, type DistrictGeometry } from './district.tables.js';
export {
  districtFeaturesFor,
  districtFeatureSchema,
  districtImportBody,
  importDistrictGeoJson,
  parseDistrictFeature,
} from './places.district.js';
