export {
  students,
  staff,
  studentGroups,
  studentGroupMembers,
  GENDERS,
  STAFF_KINDS,
} from './people.tables.js';
export { PeopleService, PEOPLE_EVENTS, presentStudent, phoneView } from './people.service.js';
export { peopleRoutes } from './people.routes.js';
export { studentsImporter, staffImporter, dormImporter } from './people.sheets.js';
export { studentSchema } from './people.schemas.js';
export { listStudents, type StudentListItem, type StudentRow } from './people.repository.js';
export { makeNationalId, maskNationalId } from './people.model.js';
export { maskPhone } from '@anxiao/contracts';
