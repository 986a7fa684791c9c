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
export { studentsImporter } from './people.students-import.js';
export { staffImporter } from './people.staff-import.js';
export { dormImporter } from './people.dorm-import.js';
export { studentSchema } from './people.schemas.js';
export { listStudents, type StudentListItem, type StudentRow } from './people.repository.js';
export { makeNationalId, maskNationalId } from './people.model.js';
export { maskPhone } from '@anxiao/contracts';
