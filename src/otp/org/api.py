"""REST face for organizations, people and agents. Thin: parse, call a service, render."""
from __future__ import annotations

from fastapi import Depends, APIRouter

from otp.api.deps import no_unknown_query, ActorDep, AdminDep, DbDep
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.core.errors import NotFound
from otp.org import agents, orgs, people
from otp.org.schemas import (AgentCreate, AgentOut, AgentUpdate, OrganizationCreate, OrganizationOut,
                             OrganizationUpdate, PersonCreate, PersonOut, PersonUpdate)

router = APIRouter(prefix="/api/v1", dependencies=[Depends(no_unknown_query)])


@router.get("/organizations", tags=["organizations"], responses=responses(*READ))
def list_organizations(actor: ActorDep, db: DbDep) -> list[OrganizationOut]:
    """The organization your credential belongs to (tokens are bound to one organization)."""
    with db.read() as s:
        return [OrganizationOut.of(orgs.get_organization(s, actor))]


@router.post("/organizations", status_code=201, tags=["organizations"], responses=responses(*WRITE))
def create_organization(body: OrganizationCreate, actor: AdminDep, db: DbDep) -> OrganizationOut:
    """Create a new organization owned by you. Your current token stays bound to its organization."""
    with db.write() as s:
        org = orgs.create_organization(s, name=body.name, slug=body.slug, owner_person_id=actor.id,
                                       timezone=body.timezone, week_start=body.week_start)
        return OrganizationOut.of(org)


@router.get("/organizations/{org_id}", tags=["organizations"], responses=responses(*READ_ONE))
def get_organization(org_id: str, actor: ActorDep, db: DbDep) -> OrganizationOut:
    if org_id != actor.org_id:
        raise NotFound("no such organization", field="org_id")
    with db.read() as s:
        return OrganizationOut.of(orgs.get_organization(s, actor))


@router.patch("/organizations/{org_id}", tags=["organizations"], responses=responses(*WRITE))
def update_organization(org_id: str, body: OrganizationUpdate, actor: AdminDep, db: DbDep) -> OrganizationOut:
    if org_id != actor.org_id:
        raise NotFound("no such organization", field="org_id")
    with db.write() as s:
        return OrganizationOut.of(orgs.update_organization(s, actor, body.model_dump(exclude_unset=True)))


@router.get("/people", tags=["people"], responses=responses(*READ))
def list_people(actor: ActorDep, db: DbDep) -> list[PersonOut]:
    with db.read() as s:
        return [PersonOut.of(p, m) for p, m in people.list_members(s, actor)]


@router.post("/people", status_code=201, tags=["people"], responses=responses(*WRITE))
def add_person(body: PersonCreate, actor: AdminDep, db: DbDep) -> PersonOut:
    with db.write() as s:
        person, member = people.add_member(s, actor, email=body.email, name=body.name, role=body.role,
                                           password=body.password)
        return PersonOut.of(person, member)


@router.get("/people/{person_id}", tags=["people"], responses=responses(*READ_ONE))
def get_person(person_id: str, actor: ActorDep, db: DbDep) -> PersonOut:
    with db.read() as s:
        return PersonOut.of(*people.get_member(s, actor, person_id))


@router.patch("/people/{person_id}", tags=["people"], responses=responses(*WRITE))
def update_person(person_id: str, body: PersonUpdate, actor: AdminDep, db: DbDep) -> PersonOut:
    with db.write() as s:
        return PersonOut.of(*people.update_member(s, actor, person_id, body.model_dump(exclude_unset=True)))


@router.delete("/people/{person_id}", status_code=204, tags=["people"], responses=responses(*WRITE))
def remove_person(person_id: str, actor: AdminDep, db: DbDep) -> None:
    with db.write() as s:
        people.remove_member(s, actor, person_id)


@router.get("/agents", tags=["agents"], responses=responses(*READ))
def list_agents(actor: ActorDep, db: DbDep) -> list[AgentOut]:
    with db.read() as s:
        return [AgentOut.of(a) for a in agents.list_agents(s, actor)]


@router.post("/agents", status_code=201, tags=["agents"], responses=responses(*WRITE))
def create_agent(body: AgentCreate, actor: AdminDep, db: DbDep) -> AgentOut:
    with db.write() as s:
        return AgentOut.of(agents.create_agent(s, actor, **body.model_dump()))


@router.get("/agents/{agent_id}", tags=["agents"], responses=responses(*READ_ONE))
def get_agent(agent_id: str, actor: ActorDep, db: DbDep) -> AgentOut:
    with db.read() as s:
        return AgentOut.of(agents.get_agent(s, actor, agent_id))


@router.patch("/agents/{agent_id}", tags=["agents"], responses=responses(*WRITE))
def update_agent(agent_id: str, body: AgentUpdate, actor: AdminDep, db: DbDep) -> AgentOut:
    with db.write() as s:
        return AgentOut.of(agents.update_agent(s, actor, agent_id, body.model_dump(exclude_unset=True)))
