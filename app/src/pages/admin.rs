//! Administration: care units, users and patients (create, disable, move). For administrators
//! only; the server checks the role on every call. No clinical data is shown here.

use crate::admin::*;
use crate::error::AppError;
use crate::model::{AuditEvent, NewPatient, NewUnit, Role, SecurityEvent, Unit};
use crate::pages::ErrorMessage;
use crate::text;
use leptos::prelude::*;
use lindra::ValidationErrors;

/// What the last action did, for the status line and the fields.
#[derive(Clone, Copy)]
struct Feedback {
    message: RwSignal<Option<String>>,
    errors: RwSignal<ValidationErrors>,
    /// Bumped after every change, to reload the lists.
    version: RwSignal<u32>,
}

impl Feedback {
    fn show<T>(&self, result: Option<Result<T, AppError>>, done: &str) {
        match result {
            Some(Ok(_)) => {
                self.errors.set(ValidationErrors::default());
                self.message.set(Some(done.to_string()));
                self.version.update(|v| *v += 1);
            }
            Some(Err(AppError::Invalid(errors))) => {
                self.errors.set(errors);
                self.message.set(Some(text::ui().fix_fields.to_string()));
            }
            // A value the server could not read, at its field when it names one.
            Some(Err(AppError::Malformed(errors))) if errors.0.iter().all(|e| !e.field.is_empty()) => {
                self.errors.set(errors);
                self.message.set(Some(text::ui().fix_fields.to_string()));
            }
            Some(Err(error)) => self.message.set(Some(error.to_string())),
            None => {}
        }
    }

    fn error(&self, field: &'static str) -> impl Fn() -> Option<String> + Copy {
        let errors = self.errors;
        move || errors.with(|e| e.for_field(field).map(str::to_string))
    }
}

/// A checkbox per unit; `on_change` hears the unit and whether it is now chosen.
fn unit_choice(
    legend: &'static str,
    units: Vec<Unit>,
    on_change: impl Fn(i64, bool) + Copy + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="unit-choice">
            <legend>{legend}</legend>
            {units.into_iter().map(|u| {
                let id = u.id;
                view! {
                    <label class="check">
                        <input type="checkbox" on:change=move |ev| on_change(id, event_target_checked(&ev)) />
                        {u.name}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Adds or removes a unit from a chosen list.
fn toggle(ids: &mut Vec<i64>, id: i64, on: bool) {
    ids.retain(|&x| x != id);
    if on {
        ids.push(id);
    }
}

fn unit_name(units: &[Unit], id: i64) -> String {
    units
        .iter()
        .find(|u| u.id == id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| (text::admin().unit_fallback)(id))
}

#[component]
pub fn AdminPage() -> impl IntoView {
    view! { <AdminConsole /> }
}

/// The whole administration is one island: every section's forms need the app, and the lists
/// load again after each change.
// Not in the registration page's or the patient page's bundle (`bundle-form`, `bundle-patient`,
// crate::lib).
#[cfg_attr(not(any(feature = "bundle-form", feature = "bundle-patient")), island)]
#[cfg_attr(any(feature = "bundle-form", feature = "bundle-patient"), component)]
fn AdminConsole() -> impl IntoView {
    let feedback = Feedback {
        message: RwSignal::new(None),
        errors: RwSignal::new(ValidationErrors::default()),
        version: RwSignal::new(0),
    };
    let data = Resource::new(move || feedback.version.get(), |_| load_admin());
    // Outside the sections, which are made again on every reload: the token of the client just
    // made stays on screen until the page is left.
    let created = RwSignal::new(None::<CreatedApiClient>);
    let start_password = RwSignal::new(None::<StartPassword>);
    view! {
        <h1>{text::ui().admin}</h1>
        <p class="form-status" role="status">{move || feedback.message.get()}</p>
        <Transition fallback=|| view! { <p>{text::ui().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    Ok(d) => view! {
                        <UnitsSection units=d.units.clone() lock_after_default=d.lock_after_minutes_default feedback />
                        <UsersSection data=d.clone() feedback start_password />
                        <PatientsSection data=d.clone() feedback />
                        <ApiClientsSection data=d.clone() feedback created />
                        <SecuritySection events=d.events refused=d.refused />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UnitsSection(units: Vec<Unit>, lock_after_default: i64, feedback: Feedback) -> AnyView {
    let create = ServerAction::<AdminCreateUnit>::new();
    let update = ServerAction::<AdminUpdateUnit>::new();
    Effect::new(move |_| feedback.show(create.value().get(), text::ui().unit_created));
    Effect::new(move |_| feedback.show(update.value().get(), text::ui().unit_updated));
    // Which unit the form edits: None makes a new one.
    let editing = RwSignal::new(None::<i64>);
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(UnitKind::NursingHome.code().to_string());
    let interval = RwSignal::new("24".to_string());
    let phone = RwSignal::new(String::new());
    let after_hours = RwSignal::new(String::new());
    let prn_minutes = RwSignal::new("60".to_string());
    let other_minutes = RwSignal::new("120".to_string());
    let shifts = RwSignal::new(lindra::shift::Shifts::default().text());
    let language = RwSignal::new(lindra::Language::Nb);
    let lock_after = RwSignal::new(String::new());
    let factor_for_all = RwSignal::new(false);
    let known = units.clone();
    let choose = move |ev: leptos::ev::Event| {
        let id: Option<i64> = event_target_value(&ev).parse().ok();
        editing.set(id);
        let unit = id.and_then(|id| known.iter().find(|u| u.id == id).cloned());
        name.set(unit.as_ref().map(|u| u.name.clone()).unwrap_or_default());
        kind.set(
            unit.as_ref().map(|u| u.kind.clone()).unwrap_or_else(|| UnitKind::NursingHome.code().into()),
        );
        interval.set(unit.as_ref().map(|u| u.assessment_interval_hours).unwrap_or(24).to_string());
        phone.set(unit.as_ref().map(|u| u.contact_phone.clone()).unwrap_or_default());
        prn_minutes.set(unit.as_ref().map(|u| u.prn_reassess_minutes).unwrap_or(60).to_string());
        other_minutes.set(unit.as_ref().map(|u| u.reassess_minutes).unwrap_or(120).to_string());
        shifts.set(
            unit.as_ref().map(|u| u.shifts.text()).unwrap_or_else(|| lindra::shift::Shifts::default().text()),
        );
        language.set(unit.as_ref().map(|u| u.language).unwrap_or_default());
        lock_after
            .set(unit.as_ref().and_then(|u| u.lock_after_minutes).map(|m| m.to_string()).unwrap_or_default());
        factor_for_all.set(unit.as_ref().is_some_and(|u| u.second_factor_for_all));
        after_hours.set(unit.map(|u| u.contact_after_hours).unwrap_or_default());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let unit = NewUnit {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            assessment_interval_hours: interval.get_untracked().trim().parse().unwrap_or(0),
            contact_phone: phone.get_untracked(),
            contact_after_hours: after_hours.get_untracked(),
            prn_reassess_minutes: prn_minutes.get_untracked().trim().parse().unwrap_or(0),
            reassess_minutes: other_minutes.get_untracked().trim().parse().unwrap_or(0),
            shifts: shifts.get_untracked(),
            language: language.get_untracked(),
            // Empty: the server's own; anything else the server checks (0 is never valid).
            lock_after_minutes: match lock_after.get_untracked().trim() {
                "" => None,
                minutes => Some(minutes.parse().unwrap_or(0)),
            },
            second_factor_for_all: factor_for_all.get_untracked(),
        };
        match editing.get_untracked() {
            Some(unit_id) => {
                update.dispatch(AdminUpdateUnit { unit_id, unit });
            }
            None => {
                create.dispatch(AdminCreateUnit { unit });
            }
        }
    };
    let (ui, words) = (text::ui(), text::admin());
    let input = |id: &'static str, value: RwSignal<String>| {
        view! { <input id=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) /> }
    };
    view! {
        <section class="panel">
            <h2>{text::ui().units}</h2>
            <ul class="plain">
                {units.iter().map(|u| view! { <li>{(words.unit_summary)(&u.name, &unit_kind_name(&u.kind), u.assessment_interval_hours)}</li> }).collect_view()}
            </ul>
            <form class="admin-form" on:submit=submit novalidate>
                <h3>{text::ui().new_or_change_unit}</h3>
                <label for="unit-choice">{ui.field_unit}</label>
                <select id="unit-choice" on:change=choose>
                    <option value="">{text::ui().new_unit}</option>
                    {units.into_iter().map(|u| view! { <option value=u.id>{u.name}</option> }).collect_view()}
                </select>
                <label for="unit-name">{ui.field_name}</label>
                {input("unit-name", name)}
                <p class="field-error">{feedback.error("unit.name")}</p>
                <label for="unit-kind">{ui.field_unit_kind}</label>
                <select id="unit-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {UnitKind::ALL.into_iter().map(|k| view! { <option value=k.code() selected=move || kind.get() == k.code()>{(words.unit_kind)(k)}</option> }).collect_view()}
                </select>
                <label for="unit-interval">{words.interval_label}</label>
                <input id="unit-interval" type="text" inputmode="numeric" prop:value=move || interval.get() on:input=move |ev| interval.set(event_target_value(&ev)) />
                <p class="field-error">{feedback.error("unit.interval")}</p>
                <label for="unit-phone">{words.contact_day_label}</label>
                {input("unit-phone", phone)}
                <p class="field-error">{feedback.error("unit.contact_phone")}</p>
                <label for="unit-after-hours">{words.contact_after_hours_label}</label>
                {input("unit-after-hours", after_hours)}
                <p class="field-error">{feedback.error("unit.contact_after_hours")}</p>
                <label for="unit-prn-minutes">{text::ui().unit_prn_minutes}</label>
                <input id="unit-prn-minutes" type="text" inputmode="numeric" prop:value=move || prn_minutes.get() on:input=move |ev| prn_minutes.set(event_target_value(&ev)) />
                <p class="field-error">{feedback.error("unit.prn_reassess_minutes")}</p>
                <label for="unit-other-minutes">{text::ui().unit_other_minutes}</label>
                <input id="unit-other-minutes" type="text" inputmode="numeric" prop:value=move || other_minutes.get() on:input=move |ev| other_minutes.set(event_target_value(&ev)) />
                <p class="field-error">{feedback.error("unit.reassess_minutes")}</p>
                <label for="unit-shifts">{text::ui().unit_shifts}</label>
                {input("unit-shifts", shifts)}
                <p class="field-error">{feedback.error("unit.shifts")}</p>
                <label for="unit-language">{text::settings().unit_language}</label>
                <select id="unit-language" on:change=move |ev| {
                    language.set(lindra::Language::from_code(&event_target_value(&ev)).unwrap_or_default())
                }>
                    {[lindra::Language::Nb, lindra::Language::Nn].into_iter().map(|l| view! {
                        <option value=l.code() selected=move || language.get() == l>{l.own_name()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error">{feedback.error("unit.language")}</p>
                <label for="unit-lock-after">{(words.lock_after_label)(lock_after_default)}</label>
                <input id="unit-lock-after" type="text" inputmode="numeric" prop:value=move || lock_after.get() on:input=move |ev| lock_after.set(event_target_value(&ev)) />
                <p class="field-error">{feedback.error("unit.lock_after_minutes")}</p>
                <label class="check">
                    <input id="unit-factor-for-all" type="checkbox" prop:checked=move || factor_for_all.get()
                        on:change=move |ev| factor_for_all.set(event_target_checked(&ev)) />
                    {words.second_factor_for_all}
                </label>
                <button type="submit" class="button primary">
                    {move || if editing.get().is_some() { text::ui().save_unit } else { text::ui().new_unit }}
                </button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn UsersSection(
    data: AdminData,
    feedback: Feedback,
    start_password: RwSignal<Option<StartPassword>>,
) -> AnyView {
    let create = ServerAction::<AdminCreateUser>::new();
    let new_start = ServerAction::<AdminNewStartPassword>::new();
    Effect::new(move |_| {
        let result = new_start.value().get();
        if let Some(Ok(start)) = &result {
            start_password.set(Some(start.clone()));
        }
        feedback.show(result, text::admin().start_password_given);
    });
    let set_active = ServerAction::<AdminSetUserActive>::new();
    let end_sessions = ServerAction::<AdminEndSessions>::new();
    Effect::new(move |_| feedback.show(end_sessions.value().get(), text::ui().sessions_ended));
    let reset_factor = ServerAction::<AdminResetSecondFactor>::new();
    Effect::new(move |_| feedback.show(reset_factor.value().get(), text::second_factor().reset_done));
    let with_factor = data.second_factor_users.clone();
    Effect::new(move |_| {
        let result = create.value().get();
        if let Some(Ok(made)) = &result {
            start_password.set(made.start_password.clone());
        }
        feedback.show(result, text::ui().user_created);
    });
    Effect::new(move |_| feedback.show(set_active.value().get(), text::ui().user_updated));
    let form = RwSignal::new(UserForm::default());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(AdminCreateUser { user: form.get_untracked() });
    };
    let units = data.units.clone();
    let password_sign_in = data.password_sign_in;
    let rows = data
        .users
        .into_iter()
        .map(|(user, unit_ids)| {
            let (id, active) = (user.id, user.active);
            let has_factor = with_factor.contains(&id);
            let names: Vec<String> = unit_ids.iter().map(|&u| unit_name(&units, u)).collect();
            view! {
                <tr data-user=user.username.clone()>
                    <td>{user.username.clone()}</td>
                    <td>{user.display_name.clone()}</td>
                    <td>{(text::ui().role)(user.role)}</td>
                    <td>{names.join(", ")}</td>
                    <td>
                        {if active { text::admin().active } else { text::admin().deactivated }}
                        {has_factor.then(|| format!(" · {}", text::second_factor().has_factor))}
                    </td>
                    <td>
                        <button type="button" class="button small-dark"
                            on:click=move |_| { set_active.dispatch(AdminSetUserActive { user_id: id, active: !active }); }>
                            {if active { text::admin().deactivate } else { text::admin().activate }}
                        </button>
                        {active.then(|| view! {
                            <button type="button" class="button small-dark"
                                on:click=move |_| { end_sessions.dispatch(AdminEndSessions { user_id: id }); }>
                                {text::ui().end_sessions}
                            </button>
                        })}
                        {(active && password_sign_in).then(|| view! {
                            <button type="button" class="button small-dark" data-start-password=""
                                on:click=move |_| { new_start.dispatch(AdminNewStartPassword { user_id: id }); }>
                                {text::admin().new_start_password}
                            </button>
                        })}
                        {has_factor.then(|| view! {
                            <button type="button" class="button small-dark" data-reset-factor=""
                                on:click=move |_| { reset_factor.dispatch(AdminResetSecondFactor { user_id: id }); }>
                                {text::second_factor().reset}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let shown_start_password = move || {
        start_password.get().map(|start| {
            let until = text::format_date_time(start.valid_until);
            view! {
                <div class="token-once" role="status" data-start-password-for=start.username.clone()>
                    <p>{(text::admin().start_password_once)(&start.display_name, &until)}</p>
                    <input type="text" readonly aria-label=text::admin().start_password class="token"
                        value=start.password.clone() />
                </div>
            }
        })
    };
    let (ui, words) = (text::ui(), text::admin());
    view! {
        <section class="panel">
            <h2>{ui.users}</h2>
            {shown_start_password}
            <div class="table-scroll">
                <table class="access-log">
                    <thead><tr><th>{ui.username}</th><th>{ui.field_name}</th><th>{ui.field_role}</th><th>{ui.units}</th><th>{words.status}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form class="admin-form" on:submit=submit novalidate>
                <h3>{text::ui().new_user}</h3>
                <label for="user-username">{ui.username}</label>
                <input id="user-username" type="text" autocapitalize="none"
                    on:input=move |ev| form.update(|f| f.username = event_target_value(&ev)) />
                <p class="field-error">{feedback.error("user.username")}</p>
                <label for="user-name">{words.full_name}</label>
                <input id="user-name" type="text" on:input=move |ev| form.update(|f| f.display_name = event_target_value(&ev)) />
                <p class="field-error">{feedback.error("user.display_name")}</p>
                <label for="user-role">{ui.field_role}</label>
                <select id="user-role" on:change=move |ev| form.update(|f| f.role = Role::from_code(&event_target_value(&ev)))>
                    <option value="">{words.choose_role}</option>
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.code()>{(ui.role)(r)}</option> }).collect_view()}
                </select>
                <p class="field-error">{feedback.error("user.role")}</p>
                {unit_choice(words.works_in, data.units, move |id, on| form.update(|f| toggle(&mut f.unit_ids, id, on)))}
                <button type="submit" class="button primary">{text::ui().new_user}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn ApiClientsSection(
    data: AdminData,
    feedback: Feedback,
    created: RwSignal<Option<CreatedApiClient>>,
) -> AnyView {
    let create = ServerAction::<AdminCreateApiClient>::new();
    let revoke = ServerAction::<AdminRevokeApiClient>::new();
    Effect::new(move |_| {
        let result = create.value().get();
        if let Some(Ok(made)) = &result {
            created.set(Some(made.clone()));
        }
        feedback.show(result, text::ui().api_client_created);
    });
    Effect::new(move |_| feedback.show(revoke.value().get(), text::ui().api_client_revoked));
    let form = RwSignal::new(ApiClientForm::default());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(AdminCreateApiClient { client: form.get_untracked() });
    };
    let now = data.now;
    let units = data.units.clone();
    let rows = data
        .api_clients
        .into_iter()
        .map(|client| {
            let id = client.id;
            let names: Vec<String> = client.unit_ids.iter().map(|&u| unit_name(&units, u)).collect();
            let state = api_client_state(&client, now);
            let revocable = client.revoked_at.is_none();
            view! {
                <tr data-api-client=client.name.clone()>
                    <td>{client.name.clone()}</td>
                    <td>{names.join(", ")}</td>
                    <td>{lindra::time::format_date(client.created_at)}</td>
                    <td>{state}</td>
                    <td>
                        {revocable.then(|| view! {
                            <button type="button" class="button small-dark"
                                on:click=move |_| { revoke.dispatch(AdminRevokeApiClient { client_id: id }); }>
                                {text::ui().revoke}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let shown_token = move || {
        created.get().map(|made| {
            view! {
                <div class="token-once" role="status">
                    <p><strong>{made.client.name.clone()}</strong>": "{text::ui().api_token_once}</p>
                    <input type="text" readonly aria-label=text::admin().token class="token" value=made.token.clone() />
                </div>
            }
        })
    };
    let (ui, words) = (text::ui(), text::admin());
    view! {
        <section class="panel" aria-labelledby="api-clients-title">
            <h2 id="api-clients-title">{text::ui().api_clients}</h2>
            <p>{text::ui().api_clients_explained}</p>
            {shown_token}
            <div class="table-scroll">
                <table class="access-log">
                    <thead><tr><th>{ui.field_name}</th><th>{words.can_read}</th><th>{words.made}</th><th>{words.status}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form class="admin-form" on:submit=submit novalidate>
                <h3>{text::ui().new_api_client}</h3>
                <label for="api-client-name">{words.client_name_label}</label>
                <input id="api-client-name" type="text" placeholder=words.client_name_example
                    on:input=move |ev| form.update(|f| f.name = event_target_value(&ev)) />
                <p class="field-error">{feedback.error("api_client.name")}</p>
                {unit_choice(words.client_units, data.units, move |id, on| form.update(|f| toggle(&mut f.unit_ids, id, on)))}
                <p class="field-error">{feedback.error("api_client.units")}</p>
                <label for="api-client-days">{(words.valid_days_label)(API_CLIENT_MAX_DAYS)}</label>
                <input id="api-client-days" type="text" inputmode="numeric" placeholder=API_CLIENT_DEFAULT_DAYS.to_string()
                    on:input=move |ev| form.update(|f| f.valid_days = event_target_value(&ev)) />
                <p class="field-error">{feedback.error("api_client.valid_days")}</p>
                <button type="submit" class="button primary">{text::ui().new_api_client}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn PatientsSection(data: AdminData, feedback: Feedback) -> AnyView {
    let create = ServerAction::<AdminCreatePatient>::new();
    let mover = ServerAction::<AdminMovePatient>::new();
    Effect::new(move |_| feedback.show(create.value().get(), text::ui().patient_created));
    Effect::new(move |_| feedback.show(mover.value().get(), text::ui().patient_moved));
    let set_id = ServerAction::<AdminSetNationalId>::new();
    Effect::new(move |_| feedback.show(set_id.value().get(), text::ui().national_id_set));
    let id_patient = RwSignal::new(data.patients.first().map(|p| p.id).unwrap_or_default());
    let id_digits = RwSignal::new(String::new());
    let submit_id = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_id.dispatch(AdminSetNationalId {
            patient_id: id_patient.get_untracked(),
            national_id: id_digits.get_untracked(),
        });
    };
    let patient_options = data
        .patients
        .iter()
        .map(|p| view! { <option value=p.id>{format!("{} ({})", p.name, p.birth_date.format("%d.%m.%Y"))}</option> })
        .collect_view();
    let name = RwSignal::new(String::new());
    let born = RwSignal::new(String::new());
    let room = RwSignal::new(String::new());
    let first_unit = data.units.first().map(|u| u.id).unwrap_or_default();
    let unit = RwSignal::new(first_unit);
    let birth_error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(birth_date) = chrono::NaiveDate::parse_from_str(born.get_untracked().trim(), "%Y-%m-%d")
        else {
            birth_error.set(Some(text::admin().birth_date_missing.into()));
            return;
        };
        birth_error.set(None);
        let patient = NewPatient {
            name: name.get_untracked(),
            birth_date,
            room: room.get_untracked(),
            unit_id: unit.get_untracked(),
        };
        create.dispatch(AdminCreatePatient { patient });
    };
    let units = data.units.clone();
    let unit_options = move |selected: i64| {
        units
            .iter()
            .map(|u| view! { <option value=u.id selected=u.id == selected>{u.name.clone()}</option> })
            .collect_view()
    };
    let rows = data
        .patients
        .into_iter()
        .map(|p| {
            let target = RwSignal::new(p.unit_id);
            let id = p.id;
            view! {
                <tr data-patient=p.id>
                    <td>{p.name.clone()}</td>
                    <td>{p.birth_date.format("%d.%m.%Y").to_string()}</td>
                    <td>
                        <label class="visually-hidden" for=format!("move-{id}")>{(text::admin().unit_of)(&p.name)}</label>
                        <select id=format!("move-{id}") on:change=move |ev| target.set(event_target_value(&ev).parse().unwrap_or_default())>
                            {unit_options(p.unit_id)}
                        </select>
                    </td>
                    <td>
                        <button type="button" class="button small-dark"
                            on:click=move |_| { mover.dispatch(AdminMovePatient { patient_id: id, unit_id: target.get_untracked() }); }>
                            {text::admin().move_button}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let (ui, words) = (text::ui(), text::admin());
    view! {
        <section class="panel">
            <h2>{ui.patients}</h2>
            <form class="admin-form" on:submit=submit novalidate>
                <h3>{text::ui().new_patient}</h3>
                <label for="patient-name">{ui.field_name}</label>
                <input id="patient-name" type="text" on:input=move |ev| name.set(event_target_value(&ev)) />
                <p class="field-error">{feedback.error("patient.name")}</p>
                <label for="patient-born">{ui.field_birth_date}</label>
                <input id="patient-born" type="date" on:input=move |ev| born.set(event_target_value(&ev)) />
                <p class="field-error">{move || birth_error.get().or_else(feedback.error("patient.birth_date"))}</p>
                <label for="patient-room">{ui.room}</label>
                <input id="patient-room" type="text" on:input=move |ev| room.set(event_target_value(&ev)) />
                <label for="patient-unit">{ui.field_unit}</label>
                <select id="patient-unit" on:change=move |ev| unit.set(event_target_value(&ev).parse().unwrap_or_default())>
                    {data.units.iter().map(|u| view! { <option value=u.id>{u.name.clone()}</option> }).collect_view()}
                </select>
                <button type="submit" class="button primary">{text::ui().new_patient}</button>
            </form>
            <h3>{text::ui().move_patient}</h3>
            <p>{text::ui().move_explained}</p>
            <div class="table-scroll">
                <table class="access-log">
                    <thead><tr><th>{ui.field_patient}</th><th>{ui.born}</th><th>{ui.field_unit}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form class="admin-form" on:submit=submit_id novalidate>
                <h3>{text::ui().set_national_id}</h3>
                <p>{text::ui().national_id_explained}</p>
                <label for="national-id-patient">{ui.field_patient}</label>
                <select id="national-id-patient" on:change=move |ev| id_patient.set(event_target_value(&ev).parse().unwrap_or_default())>
                    {patient_options}
                </select>
                <label for="national-id">{words.national_id_label}</label>
                <input id="national-id" type="text" inputmode="numeric" autocomplete="off"
                    on:input=move |ev| id_digits.set(event_target_value(&ev)) />
                <p class="field-error">{feedback.error("patient.national_id")}</p>
                <button type="submit" class="button primary">{text::ui().set_national_id}</button>
            </form>
        </section>
    }
    .into_any()
}

/// Who signed in, what was administered, and which requests were refused: the rows of the
/// access log that name no patient, and the counted refusals of requests with no known user
/// (docs/security.md, "What is logged").
#[component]
fn SecuritySection(events: Vec<AuditEvent>, refused: Vec<SecurityEvent>) -> impl IntoView {
    use crate::text::format_date_time;
    let no_refusals = refused.is_empty().then(|| view! { <p class="hint">{text::ui().no_refusals}</p> });
    let event_rows = events
        .into_iter()
        .map(|e| {
            view! {
                <tr data-action=e.action.code() data-outcome=e.outcome.code()>
                    <td>{format_date_time(e.at)}</td>
                    <td>{e.username}</td>
                    <td>{(text::ui().audit_action)(e.action)}</td>
                    <td>{e.object}</td>
                    <td>{(text::ui().audit_outcome)(e.outcome)}</td>
                    <td>{e.client_addr}</td>
                </tr>
            }
        })
        .collect_view();
    let refused_empty = refused.is_empty();
    let refused_rows = refused
        .into_iter()
        .map(|e| {
            view! {
                <tr data-kind=e.kind.code()>
                    <td>{format_date_time(e.last_at)}</td>
                    <td>{e.client_addr}</td>
                    <td>{(text::ui().audit_outcome)(e.kind)}</td>
                    <td>{format!("{} {}", e.method, e.path)}</td>
                    <td class="num">{e.count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel security-log" aria-labelledby="security-title">
            <h2 id="security-title">{text::ui().security_log}</h2>
            <p class="hint">{text::ui().security_log_explained}</p>
            <h3>{text::ui().events_without_patient}</h3>
            <div class="table-scroll">
                <table class="access-log events">
                    <thead><tr>
                        <th>{text::ui().col_time}</th><th>{text::ui().col_who}</th><th>{text::ui().col_what}</th>
                        <th>{text::ui().col_object}</th><th>{text::ui().col_outcome}</th><th>{text::ui().col_from}</th>
                    </tr></thead>
                    <tbody>{event_rows}</tbody>
                </table>
            </div>
            <h3>{text::ui().refused_without_user}</h3>
            {no_refusals}
            <div class="table-scroll" hidden=refused_empty>
                <table class="access-log refused">
                    <thead><tr>
                        <th>{text::ui().col_last}</th><th>{text::ui().col_from}</th><th>{text::ui().col_why}</th>
                        <th>{text::ui().col_request}</th><th>{text::ui().col_count}</th>
                    </tr></thead>
                    <tbody>{refused_rows}</tbody>
                </table>
            </div>
        </section>
    }
}
